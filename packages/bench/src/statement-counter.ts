import type { ServiceContext } from "@crm/api";
import { schema, type Database } from "@crm/db";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

/** Services whose database counts the statements sent to the server. */
export interface CountingServices {
  readonly services: ServiceContext;
  /** Runs `work` and returns how many statements it sent, transaction control included. */
  count(work: (services: ServiceContext) => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens a second connection pool to the bench database with a statement
 * hook, so the report can state how many round trips an operation makes.
 * PostgreSQL only: PGlite has no such hook.
 */
export async function countingServices(services: ServiceContext, url: string): Promise<CountingServices> {
  let statements = 0;
  const client = postgres(url, {
    max: 2,
    onnotice: () => undefined,
    debug: () => {
      statements += 1;
    },
  });
  // Opening a connection sends a query of its own (the array types), so both connections are opened before counting.
  await Promise.all([client`select 1`, client`select 1`]);
  const db: Database = drizzle({ client, schema });
  const counted: ServiceContext = { ...services, db };
  return {
    services: counted,
    count: async (work) => {
      statements = 0;
      await work(counted);
      return statements;
    },
    close: () => client.end({ timeout: 5 }),
  };
}
