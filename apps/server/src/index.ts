export { buildApp, type AppOptions } from "./app";
export { ConfigError, loadConfig, type DatabaseConfig, type LogLevel, type ServerConfig } from "./config";
export { start, type RunningServer } from "./main";
export { seedDemoWorkspace, type SeededWorkspace, type SeedOptions } from "./seed";
export { SESSION_COOKIE } from "./session";
