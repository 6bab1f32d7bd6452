import base, { portableRules } from "@crm/eslint-config/base";

export default [...base, { files: ["src/**/*.ts"], ignores: ["src/**/*.test.ts"], rules: portableRules }];
