import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { DatabaseHandle } from "@crm/db";
import { createTestDatabase } from "@crm/db/testing";
import { start } from "@crm/server";
import type { TestProject } from "vitest/node";

import { chromiumPath } from "./browser";
import { ADMIN } from "./users";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the server under test listens, such as `http://127.0.0.1:41234`. */
    readonly baseUrl: string;
  }
}

const WEB_DIST = fileURLToPath(new URL("../dist", import.meta.url));

/**
 * Starts the real server once for every browser test: on a fresh PGlite data
 * folder, or on a fresh copy of the migrated template database when
 * DATABASE_URL is set, so the demo workspace seeds into an empty database.
 * Returns the teardown that stops the server and removes the data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    throw new Error(`The built web app is missing at ${WEB_DIST}: run "npx vite build" in apps/web first.`);
  }
  // Fails once here, with the install hint, rather than once per test file.
  chromiumPath();

  const database = await openDatabase();
  const server = await start({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    CRM_WEB_DIST: WEB_DIST,
    CRM_ADMIN_EMAIL: ADMIN.email,
    CRM_ADMIN_PASSWORD: ADMIN.password,
    ...database.env,
  });
  project.provide("baseUrl", server.url);

  return async () => {
    await server.stop();
    await database.close();
  };
}

interface ServerDatabase {
  /** The server's database variables. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

async function openDatabase(): Promise<ServerDatabase> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") {
    const dataDir = await mkdtemp(join(tmpdir(), "crm-e2e-"));
    return { env: { CRM_DATA_DIR: dataDir }, close: () => rm(dataDir, { recursive: true, force: true }) };
  }

  // The copy stays open only to keep its name, because closing it drops the database.
  const copy: DatabaseHandle = await createTestDatabase("postgres");
  if (copy.driver !== "postgres")
    throw new Error('createTestDatabase("postgres") returned a PGlite database.');
  const copyUrl = new URL(url);
  copyUrl.pathname = `/${copy.client.options.database}`;
  return { env: { DATABASE_URL: copyUrl.toString() }, close: () => copy.close() };
}
