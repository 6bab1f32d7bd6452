import type { SQL } from "drizzle-orm";
import type { Executor } from "./client";

/**
 * Runs raw SQL and returns its rows on either driver. PGlite returns
 * `{ rows }` and postgres.js returns the row array itself. The row type is not
 * checked, so validate rows that come from outside the schema.
 */
export async function queryRows<T extends Record<string, unknown>>(executor: Executor, query: SQL): Promise<readonly T[]> {
  const result: unknown = await executor.execute(query);
  if (Array.isArray(result)) return result as T[];
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new Error("The driver returned a query result with no rows array; only PGlite and postgres.js are supported.");
}
