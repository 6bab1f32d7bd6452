import { defineConfig } from "vitest/config";

/**
 * Browser tests: Chromium drives the built app (apps/web/dist) served by the
 * real server, which the global setup starts once for every file. Files run
 * one at a time, because each drives a browser and the machine may have two cores.
 */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
