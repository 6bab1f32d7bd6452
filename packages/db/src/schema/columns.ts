import { sql, type SQL } from "drizzle-orm";
import { bigint, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** Primary key supplied by the application (UUIDv7); the database never generates ids. */
export const idColumn = () => uuid("id").primaryKey();

export const workspaceIdColumn = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/**
 * Millisecond precision on purpose: feed cursors travel as JavaScript Dates, so a
 * stored time with microseconds could never be matched exactly by a cursor.
 */
export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

export const createdAtColumn = () => timestampColumn("created_at").notNull().defaultNow();

export const updatedAtColumn = () => timestampColumn("updated_at").notNull().defaultNow();

/**
 * Row version for sync. A trigger raises it on every update; readers compare it
 * for equality only, never for order.
 */
export const versionColumn = () => bigint("version", { mode: "number" }).notNull().default(1);

/** SQL for `column IN (...)` over a fixed list of literals, for check constraints. */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  const literals = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ");
  return sql`${column} in (${sql.raw(literals)})`;
}
