import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { lockDataFolder } from "./data-folder-lock";
import { schema, type Schema } from "./schema";

/** The one database type both drivers satisfy; services take this, never a driver type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Anything that runs queries: the database, or a transaction inside it. */
export type Executor = Database | Transaction;

export type DatabaseDriver = "pglite" | "postgres";

interface HandleMethods {
  readonly db: Database;
  /** Ends every connection; the handle cannot be used afterwards. */
  close(): Promise<void>;
  /**
   * Calls onPayload for every notification on channel, from any process sharing
   * the database. Resolves to a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Sends payload to every listener on channel. Call it after commit, on the database, not a transaction. */
  notify(channel: string, payload: string): Promise<void>;
}

/**
 * An open database. `client` is the driver's own connection, for the rare
 * driver-specific need. With PGlite it is the only connection, so a query on it
 * while a transaction is open waits forever.
 */
export type DatabaseHandle =
  | (HandleMethods & { readonly driver: "pglite"; readonly client: PGlite })
  | (HandleMethods & { readonly driver: "postgres"; readonly client: postgres.Sql });

export interface CreateDatabaseOptions {
  /** PostgreSQL connection URL; defaults to DATABASE_URL. */
  readonly url?: string;
  /** PGlite data folder; defaults to CRM_DATA_DIR, else `.data/`. */
  readonly dataDir?: string;
  /** An in-memory PGlite database, gone on close. */
  readonly memory?: boolean;
}

/**
 * Opens the database: PostgreSQL when a URL is given or DATABASE_URL is set,
 * otherwise embedded PGlite in a data folder (or in memory). An explicit
 * dataDir or memory option wins over DATABASE_URL.
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = options.url ?? (options.dataDir === undefined && !options.memory ? process.env.DATABASE_URL : undefined);
  if (url !== undefined && url !== "") {
    return openPostgres(postgres(url, { onnotice: () => undefined }));
  }

  if (options.memory) {
    return openPglite(await PGlite.create());
  }

  const dataDir = options.dataDir ?? (process.env.CRM_DATA_DIR || ".data");
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataFolder(dataDir);
  try {
    const handle = openPglite(await PGlite.create(dataDir));
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** Wraps an open PGlite instance in a handle that owns it. */
export function openPglite(client: PGlite): DatabaseHandle {
  const db: Database = drizzlePglite({ client, schema });
  return {
    driver: "pglite",
    client,
    db,
    close: () => client.close(),
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(checkChannel(channel), onPayload);
      return () => unlisten();
    },
    notify: async (channel, payload) => {
      await client.query("select pg_notify($1, $2)", [checkChannel(channel), payload]);
    },
  };
}

/** Wraps a postgres.js client in a handle that owns it. */
export function openPostgres(client: postgres.Sql): DatabaseHandle {
  const db: Database = drizzlePostgres({ client, schema });
  return {
    driver: "postgres",
    client,
    db,
    close: () => client.end({ timeout: 5 }),
    listen: async (channel, onPayload) => {
      const subscription = await client.listen(checkChannel(channel), onPayload);
      return () => subscription.unlisten();
    },
    notify: async (channel, payload) => {
      await client.notify(checkChannel(channel), payload);
    },
  };
}

/**
 * PGlite folds unquoted channel names to lower case and postgres.js quotes them,
 * so only names both treat alike are accepted.
 */
function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new Error(
      `Channel name "${channel}" is not valid: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.`,
    );
  }
  return channel;
}
