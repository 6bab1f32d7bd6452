import { isId } from "@crm/domain";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** A Drizzle select, insert, update or delete builder. */
interface PreparableQuery<T> {
  prepare(name: string): { execute(): Promise<T> };
}

/**
 * Runs a Drizzle query as a prepared statement. Drizzle sends a query without
 * a name unprepared, and postgres.js (3.4) then spends two round trips on each
 * one with parameters (Parse and Describe, then Bind and Execute), while the
 * server parses it anew every time. Prepared, it takes one round trip once its
 * connection has run the same text before. PGlite runs it like any other query.
 * postgres.js keeps every prepared text on every connection until the
 * connection closes, so the text must not grow with the input: pass lists of
 * ids through `idIn`.
 */
export function executePrepared<T>(query: PreparableQuery<T>, name: string): Promise<T> {
  return query.prepare(name).execute();
}

/**
 * Builds `column = any(ids)` with the ids as one array parameter, so the
 * statement text is the same whatever the number of ids. Every id must be a
 * well-formed UUID.
 */
export function idIn(column: AnyColumn, ids: readonly string[]): SQL {
  const malformedAt = ids.findIndex((id) => !isId(id));
  if (malformedAt >= 0) throw new Error(`ids[${malformedAt}]: invalid id "${ids[malformedAt]}", expected a UUID; check ids before idIn.`);
  // A text parameter cast on the server behaves the same on postgres.js and PGlite, whose array encodings differ.
  return sql`${column} = any(${`{${ids.join(",")}}`}::text::uuid[])`;
}
