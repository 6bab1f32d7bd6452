import base from "@crm/eslint-config/base";
import react from "@crm/eslint-config/react";

export default [
  ...base,
  ...react,
  // The service worker is plain JavaScript served as it is, outside the TypeScript project.
  { ignores: ["public/**"] },
];
