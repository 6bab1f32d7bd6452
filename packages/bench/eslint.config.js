import base from "@crm/eslint-config/base";

export default base;
