import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Type-aware rules shared by every package. Each package's eslint.config.js
 * spreads this and adds its own restrictions.
 */
export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/coverage/**", "**/*.config.*", "**/drizzle/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unnecessary-condition": "off",
      "no-console": "error",
    },
  },
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "**/test/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "off",
    },
  },
);

/**
 * Restrictions for packages that must run unchanged in a browser, in Node and
 * in React Native: no Node built-ins and no DOM globals.
 */
export const portableRules = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        { group: ["node:*"], message: "This package must run outside Node: no Node built-ins." },
      ],
      paths: ["fs", "path", "crypto", "os", "buffer", "stream", "util", "http", "https", "net", "child_process"].map(
        (name) => ({ name, message: "This package must run outside Node: no Node built-ins." }),
      ),
    },
  ],
  "no-restricted-globals": [
    "error",
    ...["window", "document", "localStorage", "sessionStorage", "navigator", "process", "Buffer", "require", "__dirname"].map(
      (name) => ({ name, message: `${name} is a Node or DOM global; this package must stay portable.` }),
    ),
  ],
};
