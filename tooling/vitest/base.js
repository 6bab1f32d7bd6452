import { defineConfig } from "vitest/config";

/**
 * Shared Vitest settings. Test files sit beside the code they test. Database
 * suites share one migrated PGlite image, so files run one fork at a time to
 * stay within two cores and a predictable amount of memory.
 */
export const baseTestConfig = defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
