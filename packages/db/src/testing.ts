import { createHash, randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { getTableName, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { createDatabase, openPglite, type DatabaseDriver, type DatabaseHandle } from "./client";
import { migrate, migrationsFolder } from "./migrate";
import { schema } from "./schema";

/** Lists the drivers to run database tests on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export function testDatabases(): readonly DatabaseDriver[] {
  return databaseUrl() === undefined ? ["pglite"] : ["pglite", "postgres"];
}

/**
 * Creates a fresh, migrated, empty database. On PGlite it clones one migrated
 * in-memory instance. On PostgreSQL it copies a migrated template database, and
 * close() drops the copy.
 */
export async function createTestDatabase(driver: DatabaseDriver = "pglite"): Promise<DatabaseHandle> {
  return driver === "pglite" ? createPgliteTestDatabase() : createPostgresTestDatabase();
}

/**
 * Defines the suite once per driver in testDatabases(). The suite shares one
 * fresh database, emptied after every test, because cloning a PGlite database
 * took 0.5 to 1 second per test on this project's machines. Tests must not close
 * the handle. `define` receives the driver, so a suite can skip a test on a
 * driver, for example a serialization test on PGlite, which runs one
 * transaction at a time.
 */
export function describeEachDatabase(
  name: string,
  define: (getHandle: () => DatabaseHandle, driver: DatabaseDriver) => void,
): void {
  for (const driver of testDatabases()) {
    describe(`${name} (${driver})`, () => {
      let handle: DatabaseHandle | undefined;

      beforeAll(async () => {
        handle = await createTestDatabase(driver);
      });

      afterEach(async () => {
        if (handle !== undefined) await emptyTables(handle);
      });

      afterAll(async () => {
        await handle?.close();
        handle = undefined;
      });

      define(() => {
        if (handle === undefined) {
          throw new Error("The test database exists only inside a test: call getHandle() from a test or hook body.");
        }
        return handle;
      }, driver);
    });
  }
}

/** Deletes every row of every table in the schema; the migrations stay applied. */
export async function emptyTables(handle: DatabaseHandle): Promise<void> {
  const tables = Object.values(schema).map((table) => `"${getTableName(table)}"`);
  await handle.db.execute(sql.raw(`truncate ${tables.join(", ")} cascade`));
}

let pgliteImage: Promise<PGlite> | undefined;

async function createPgliteTestDatabase(): Promise<DatabaseHandle> {
  pgliteImage ??= migratedPglite();
  const copy = await (await pgliteImage).clone();
  if (!(copy instanceof PGlite)) {
    throw new Error("PGlite#clone() returned something other than a PGlite instance; check the PGlite version.");
  }
  return openPglite(copy);
}

async function migratedPglite(): Promise<PGlite> {
  const client = await PGlite.create();
  await migrate(openPglite(client));
  return client;
}

const TEMPLATE_PREFIX = "crm_template_";

let postgresTemplate: Promise<string> | undefined;
let adminClient: postgres.Sql | undefined;

async function createPostgresTestDatabase(): Promise<DatabaseHandle> {
  const baseUrl = databaseUrl();
  if (baseUrl === undefined) {
    throw new Error("DATABASE_URL is not set: set it to a PostgreSQL server to run tests on PostgreSQL.");
  }
  adminClient ??= postgres(baseUrl, { max: 2, idle_timeout: 1, onnotice: () => undefined });
  const admin = adminClient;
  postgresTemplate ??= migratedTemplate(admin, baseUrl);
  const template = await postgresTemplate;

  const name = `crm_test_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name} template ${template}`);
  const handle = await createDatabase({ url: withDatabase(baseUrl, name) });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Returns the name of a template database holding the current migrations. The
 * name carries a hash of the migration files, so a changed migration gets a new
 * template and idle templates of older migrations are dropped. Processes take
 * turns through one advisory lock, and a template is used only once its
 * database comment reads 'complete'.
 */
async function migratedTemplate(admin: postgres.Sql, baseUrl: string): Promise<string> {
  const template = `${TEMPLATE_PREFIX}${await migrationsHash()}`;
  const connection = await admin.reserve();
  try {
    await connection`select pg_advisory_lock(hashtext(${TEMPLATE_PREFIX}))`;

    const [existing] = await connection<{ complete: boolean }[]>`
      select coalesce(shobj_description(oid, 'pg_database') = 'complete', false) as complete
      from pg_database where datname = ${template}`;
    if (existing?.complete) return template;

    await dropStaleTemplates(connection, template);
    await connection.unsafe(`drop database if exists ${template} with (force)`);
    await connection.unsafe(`create database ${template}`);
    const handle = await createDatabase({ url: withDatabase(baseUrl, template) });
    try {
      await migrate(handle);
    } finally {
      await handle.close();
    }
    await connection.unsafe(`comment on database ${template} is 'complete'`);
    return template;
  } finally {
    await connection`select pg_advisory_unlock(hashtext(${TEMPLATE_PREFIX}))`;
    connection.release();
  }
}

async function dropStaleTemplates(connection: postgres.ReservedSql, current: string): Promise<void> {
  const stale = await connection<{ name: string }[]>`
    select datname as name from pg_database
    where starts_with(datname, ${TEMPLATE_PREFIX}) and datname <> ${current}`;
  for (const { name } of stale) {
    // A template still being copied from is in use; it is dropped on a later run.
    await connection.unsafe(`drop database if exists ${name}`).catch(() => undefined);
  }
}

async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  const sqlFiles = (await readdir(migrationsFolder)).filter((file) => file.endsWith(".sql")).sort();
  for (const file of [...sqlFiles, join("meta", "_journal.json")]) {
    hash.update(file);
    hash.update(await readFile(join(migrationsFolder, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url === undefined || url === "" ? undefined : url;
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
