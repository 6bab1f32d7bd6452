import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { JsonValue } from "@crm/domain";
import { createdAtColumn, idColumn, timestampColumn, updatedAtColumn, workspaceIdColumn } from "./columns";
import { users } from "./users";

/** One client group per browser profile and user; ids are Replicache's own strings. */
export const replicacheClientGroups = pgTable(
  "replicache_client_groups",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The latest client view record version handed to this group. */
    cvrVersion: integer("cvr_version").notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index("replicache_client_groups_user_idx").on(t.userId),
    index("replicache_client_groups_workspace_idx").on(t.workspaceId),
  ],
);

export const replicacheClients = pgTable(
  "replicache_clients",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceIdColumn(),
    clientGroupId: text("client_group_id")
      .notNull()
      .references(() => replicacheClientGroups.id, { onDelete: "cascade" }),
    lastMutationId: bigint("last_mutation_id", { mode: "number" }).notNull().default(0),
    updatedAt: timestampColumn("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("replicache_clients_client_group_idx").on(t.clientGroupId),
    index("replicache_clients_workspace_idx").on(t.workspaceId),
  ],
);

/** A transaction id as PostgreSQL returns it from `pg_current_xact_id()`: 64 bits, never wrapping around. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** A `pg_snapshot` in its text form `xmin:xmax:xip,...`: which transactions a query could see. */
const pgSnapshot = customType<{ data: string; driverData: string }>({ dataType: () => "pg_snapshot" });

/** Client view record: the row versions ("kind/id" → version) a client group received at one version. */
export const replicacheClientViews = pgTable(
  "replicache_client_views",
  {
    workspaceId: workspaceIdColumn(),
    clientGroupId: text("client_group_id")
      .notNull()
      .references(() => replicacheClientGroups.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    rowVersions: jsonb("row_versions").$type<Readonly<Record<string, number>>>().notNull(),
    /**
     * The snapshot of the pull that built this record. When `complete`, the
     * record contains the whole view as that snapshot saw it, so a later pull
     * that finds no change (`replica_changes`) outside it has nothing to send.
     */
    snapshot: pgSnapshot("snapshot"),
    /** False when the pull that built the record left operations for the next pull. */
    complete: boolean("complete").notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ name: "replicache_client_views_pk", columns: [t.clientGroupId, t.version] }),
    index("replicache_client_views_workspace_idx").on(t.workspaceId),
  ],
);

/** A pushed mutation that broke a rule: recorded, and the client's lastMutationID still advances. */
export const replicacheMutationFailures = pgTable(
  "replicache_mutation_failures",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    clientGroupId: text("client_group_id")
      .notNull()
      .references(() => replicacheClientGroups.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    mutationId: bigint("mutation_id", { mode: "number" }).notNull(),
    mutatorName: text("mutator_name").notNull(),
    reason: text("reason").notNull(),
    /** The mutation's arguments as pushed, so the app can offer the user's text for a retry. */
    args: jsonb("args").$type<JsonValue>(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index("replicache_mutation_failures_client_group_idx").on(t.clientGroupId),
    index("replicache_mutation_failures_workspace_idx").on(t.workspaceId),
  ],
);

/**
 * The transactions that changed what a replica holds, one row per workspace
 * and writing transaction. Statement triggers on every table a pull reads
 * (see the migration `replica_changes`) record them, whichever code path
 * wrote. A pull compares them with its client view's snapshot to return
 * "nothing changed" without listing the workspace. Transactions of one
 * workspace insert distinct keys, so recording never makes them wait on one
 * another.
 */
export const replicaChanges = pgTable(
  "replica_changes",
  {
    workspaceId: workspaceIdColumn(),
    xid: xid8("xid").notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ name: "replica_changes_pk", columns: [t.workspaceId, t.xid] })],
);
