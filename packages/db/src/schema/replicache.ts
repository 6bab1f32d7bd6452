import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
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
