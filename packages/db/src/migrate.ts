import { fileURLToPath } from "node:url";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DatabaseHandle } from "./client";

/** The committed drizzle-kit migrations of this package. */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Any fixed number works; it only has to be the same in every server process. */
const MIGRATION_LOCK_KEY = 7_316_204_551;

/**
 * Applies the committed migrations that the database has not seen yet. Running
 * it again is a no-op. On PostgreSQL an advisory lock makes server processes
 * that start together take turns.
 */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder };

  if (handle.driver === "pglite") {
    await migratePglite(drizzlePglite({ client: handle.client }), config);
    return;
  }

  const lock = await handle.client.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client: handle.client }), config);
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    lock.release();
  }
}
