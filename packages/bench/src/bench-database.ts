import { rm } from "node:fs/promises";
import { createDatabase, migrate, type DatabaseHandle } from "@crm/db";
import postgres from "postgres";

/**
 * A plain connection for bulk loading and raw SQL: PGlite's only connection,
 * or one reserved PostgreSQL connection, so session settings stick.
 */
export interface RawConnection {
  query<Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  release(): void;
}

export interface BenchDatabase {
  readonly handle: DatabaseHandle;
  /** The data's location: a database name on the server, or a PGlite folder. */
  readonly location: string;
  /** The connection URL of the bench database on PostgreSQL; undefined on PGlite. */
  readonly url: string | undefined;
  /** The server's version string, as `select version()` gives it. */
  readonly serverVersion: string;
  connect(): Promise<RawConnection>;
  close(): Promise<void>;
}

/**
 * Opens the benchmark database for a scale and applies the migrations. With
 * `databaseUrl` it is the database `crm_bench_<scale>` on that server, created
 * on first use. Without it, it is the PGlite folder `.data/bench-<scale>`.
 * `fresh` drops the existing data first.
 */
export async function openBenchDatabase(
  scaleName: string,
  databaseUrl: string | undefined,
  options: { readonly fresh: boolean },
): Promise<BenchDatabase> {
  if (databaseUrl === undefined || databaseUrl === "") {
    const folder = `.data/bench-${scaleName}`;
    if (options.fresh) await rm(folder, { recursive: true, force: true });
    return finishOpening(await createDatabase({ dataDir: folder }), folder);
  }

  const name = `crm_bench_${scaleName}`;
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    if (options.fresh) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    const existing = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing.length === 0) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  // Drizzle changes the serializers of the client it wraps, and array
  // parameters then fail; bulk loads use a plain client of their own.
  const raw = postgres(url.toString(), { max: 2, onnotice: () => undefined });
  return finishOpening(await createDatabase({ url: url.toString() }), `${name} on ${url.host}`, raw, url.toString());
}

async function finishOpening(
  handle: DatabaseHandle,
  location: string,
  raw?: postgres.Sql,
  url?: string,
): Promise<BenchDatabase> {
  await migrate(handle);
  const connect = (): Promise<RawConnection> => rawConnection(handle, raw);
  const probe = await connect();
  const [row] = await probe.query<{ version: string }>("select version() as version");
  probe.release();
  return {
    handle,
    location,
    url,
    serverVersion: row?.version ?? "unknown",
    connect,
    close: async () => {
      await raw?.end({ timeout: 5 });
      await handle.close();
    },
  };
}

async function rawConnection(handle: DatabaseHandle, raw: postgres.Sql | undefined): Promise<RawConnection> {
  if (handle.driver === "pglite" || raw === undefined) {
    if (handle.driver !== "pglite") throw new Error("A PostgreSQL bench database needs its own plain client.");
    const client = handle.client;
    return {
      query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
        (await client.query<Row>(text, [...params])).rows,
      release: () => undefined,
    };
  }
  const reserved = await raw.reserve();
  return {
    query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
      [...(await reserved.unsafe<Row[]>(text, params as postgres.ParameterOrJSON<never>[]))] as Row[],
    release: () => {
      reserved.release();
    },
  };
}

/** One column of a bulk insert: its SQL type and a value per row. */
export interface BulkColumn {
  readonly name: string;
  readonly type: "uuid" | "text" | "jsonb" | "timestamptz" | "integer" | "boolean";
  /** Strings, numbers, booleans or null; JSON as its text. */
  readonly values: readonly (string | number | boolean | null)[];
}

/**
 * Inserts rows given as one array per column with a single
 * `insert ... select from unnest(...)`: one statement and one round trip per
 * call, whatever the number of rows. Every array travels as text[] and each
 * element is cast to its column's type, which both drivers handle alike.
 */
export async function insertColumns(
  connection: RawConnection,
  table: string,
  columns: readonly BulkColumn[],
): Promise<void> {
  const names = columns.map((column) => `"${column.name}"`).join(", ");
  const arrays = columns.map((_column, index) => `$${index + 1}::text[]`).join(", ");
  const selected = columns.map((column, index) => `c${index}::${column.type}`).join(", ");
  const aliases = columns.map((_column, index) => `c${index}`).join(", ");
  await connection.query(
    `insert into "${table}" (${names}) select ${selected} from unnest(${arrays}) as u(${aliases})`,
    columns.map((column) => column.values.map((value) => (value === null ? null : String(value)))),
  );
}
