import type { JsonObject } from "@crm/domain";
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, workspaceIdColumn } from "./columns";
import { users } from "./users";

/** Audit log entries. Services must not put an interaction body in metadata. */
export const activityEntries = pgTable(
  "activity_entries",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: uuid("resource_id").notNull(),
    metadata: jsonb("metadata").$type<JsonObject>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index("activity_entries_resource_idx").on(
      t.workspaceId,
      t.resourceType,
      t.resourceId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("activity_entries_actor_user_idx").on(t.actorUserId),
  ],
);
