import base, { portableRules } from "@crm/eslint-config/base";
import react from "@crm/eslint-config/react";

export default [
  ...base,
  { files: ["src/**/*.ts"], ignores: ["src/**/*.test.ts"], rules: portableRules },
  ...react.map((config) => ({ ...config, files: ["src/react/**/*.ts"] })),
];
