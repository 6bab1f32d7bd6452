import reactHooks from "eslint-plugin-react-hooks";

/** React rules added on top of the base configuration for apps and hooks. */
export default [
  {
    files: ["**/*.tsx", "**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
];
