import { DomainError, FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX, idSchema } from "@crm/domain";
import { asc, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

/**
 * Paging and search shared by the directory lists (contacts, companies, staff):
 * name order, keyset cursors and LIKE patterns.
 */

/** The input of a directory list: one page in name order, trashed rows only on request. */
export const directoryListInputSchema = z
  .object({
    limit: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(FEED_LIMIT_MAX, `must be at most ${FEED_LIMIT_MAX}`)
      .default(FEED_LIMIT_DEFAULT),
    cursor: z.string({ error: "must be a cursor string" }).max(1000, "invalid cursor").nullish(),
    includeTrashed: z.boolean({ error: "must be true or false" }).default(false),
  })
  .prefault({});

export type DirectoryListInput = z.output<typeof directoryListInputSchema>;

export interface Page<T> {
  readonly items: readonly T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

/** A position in name order: the lower-cased name and id of the last row of the page before. */
interface NameCursor {
  readonly name: string;
  readonly id: string;
}

/**
 * Returns the ORDER BY terms of name order: the name ignoring case, then the id,
 * so rows sharing a name still have one total order for the keyset.
 */
export function nameOrder(name: PgColumn, id: PgColumn): SQL[] {
  return [sql`lower(${name})`, asc(id)];
}

/**
 * Returns the condition "comes after the cursor in name order", or undefined for
 * the first page. Throws a BAD_REQUEST DomainError for a cursor this list never returned.
 */
export function afterNameCursor(name: PgColumn, id: PgColumn, cursor: string | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeNameCursor(cursor);
  return sql`(lower(${name}), ${id}) > (${position.name}, ${position.id}::uuid)`;
}

/**
 * Cuts a page from rows fetched with `limit + 1`. The extra row only shows that
 * another page exists.
 */
export function toPage<T extends { readonly name: string; readonly id: string }>(
  rows: readonly T[],
  limit: number,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const more = rows.length > limit;
  return { items, nextCursor: more && last ? encodeNameCursor({ name: last.name.toLowerCase(), id: last.id }) : null };
}

/**
 * Returns an ILIKE pattern matching the query anywhere in the text. `\`, `%` and
 * `_` in the query are escaped, so they match themselves; use it with `escape '\'`.
 */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Returns `column ILIKE pattern` with the backslash as the escape character. */
export function ilike(column: PgColumn, pattern: string): SQL {
  return sql`${column} ilike ${pattern} escape '\\'`;
}

function encodeNameCursor(position: NameCursor): string {
  return Buffer.from(JSON.stringify([position.name, position.id]), "utf8").toString("base64url");
}

function decodeNameCursor(cursor: string): NameCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const result = nameCursorSchema.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  const [name, id] = result.data;
  return { name, id };
}

const nameCursorSchema = z.tuple([z.string(), idSchema]);

function invalidCursor(): DomainError {
  return new DomainError("BAD_REQUEST", "cursor: invalid cursor, request the first page again", {
    cursor: ["invalid cursor, request the first page again"],
  });
}
