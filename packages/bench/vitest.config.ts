import { baseTestConfig } from "@crm/vitest-config";

export default baseTestConfig;
