import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PASSWORD_MAX, PASSWORD_MIN } from "@crm/domain";
import { z } from "zod";

/** The repository root, so that the default folders are the same whatever the working directory. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEFAULT_ADMIN_PASSWORD = "admin-password";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The database to open: a PostgreSQL server, or an embedded PGlite data folder. */
export type DatabaseConfig =
  | { readonly driver: "postgres"; readonly url: string }
  | { readonly driver: "pglite"; readonly dataDir: string };

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly adminEmail: string;
  readonly adminPassword: string;
  /** True when CRM_ADMIN_PASSWORD is unset, so the start-up banner may print the well-known default. */
  readonly adminPasswordIsDefault: boolean;
  readonly logLevel: LogLevel;
  /** The built web app's folder, or null when it does not exist (the API is served alone). */
  readonly webDist: string | null;
  readonly cookieSecure: boolean;
}

/** A configuration error. Its message names every invalid variable and what to change. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Reads the server configuration from environment variables, where an empty
 * variable counts as unset. Relative folders resolve against `INIT_CWD`, the
 * directory where `pnpm start` ran, so the root and apps/server agree.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = environmentSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.map(String).join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid server configuration:\n${problems.join("\n")}`);
  }

  const values = parsed.data;
  const baseDir = env.INIT_CWD || process.cwd();
  const webDist = values.CRM_WEB_DIST === undefined ? DEFAULT_WEB_DIST : resolve(baseDir, values.CRM_WEB_DIST);
  return {
    port: values.PORT,
    host: values.HOST,
    database:
      values.DATABASE_URL === undefined
        ? { driver: "pglite", dataDir: values.CRM_DATA_DIR === undefined ? DEFAULT_DATA_DIR : resolve(baseDir, values.CRM_DATA_DIR) }
        : { driver: "postgres", url: values.DATABASE_URL },
    adminEmail: values.CRM_ADMIN_EMAIL,
    adminPassword: values.CRM_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
    adminPasswordIsDefault: values.CRM_ADMIN_PASSWORD === undefined,
    logLevel: values.LOG_LEVEL,
    webDist: existsSync(resolve(webDist, "index.html")) ? webDist : null,
    cookieSecure: values.CRM_COOKIE_SECURE,
  };
}

const DEFAULT_DATA_DIR = resolve(REPOSITORY_ROOT, ".data");
const DEFAULT_WEB_DIST = resolve(REPOSITORY_ROOT, "apps/web/dist");

const booleanText = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: 'must be "true" or "false"' })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const environmentSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d+$/, "must be a port number from 0 to 65535 (0 picks a free port)")
    .transform(Number)
    .refine((port) => port <= 65_535, "must be a port number from 0 to 65535 (0 picks a free port)")
    .default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/crm, or unset to use PGlite")
    .optional(),
  CRM_DATA_DIR: z.string().optional(),
  CRM_ADMIN_EMAIL: z.email("must be an email address such as admin@example.com").default(DEFAULT_ADMIN_EMAIL),
  CRM_ADMIN_PASSWORD: z
    .string()
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  CRM_WEB_DIST: z.string().optional(),
  CRM_COOKIE_SECURE: booleanText.default(false),
});

function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const entries = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== "");
  return Object.fromEntries(entries);
}
