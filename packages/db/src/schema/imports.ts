import type { JsonObject } from "@crm/domain";
import { check, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, oneOf, timestampColumn, updatedAtColumn, workspaceIdColumn } from "./columns";
import { interactions } from "./interactions";
import { users } from "./users";

export const IMPORT_JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/**
 * Link from an imported calendar event to its interaction, so that importing the
 * same calendar again updates the interaction instead of adding a copy. An event
 * is identified by its UID and, for one occurrence of a recurring series, its
 * RECURRENCE-ID. A single event has a null recurrence_id, and the unique key
 * treats nulls as equal.
 */
export const importEventLinks = pgTable(
  "import_event_links",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    uid: text("uid").notNull(),
    recurrenceId: text("recurrence_id"),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    sequence: integer("sequence").notNull().default(0),
    lastModified: timestampColumn("last_modified"),
    /** Hash of the values last imported, so an unchanged event leaves edits made in the CRM alone. */
    fingerprint: text("fingerprint").notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    unique("import_event_links_event_unique").on(t.workspaceId, t.uid, t.recurrenceId).nullsNotDistinct(),
    index("import_event_links_interaction_idx").on(t.interactionId),
  ],
);

/**
 * Import that runs in the background of a server process. Its progress is stored
 * here rather than in memory, so that any server process can report it.
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status").$type<ImportJobStatus>().notNull().default("queued"),
    format: text("format"),
    filename: text("filename"),
    processed: integer("processed").notNull().default(0),
    total: integer("total"),
    report: jsonb("report").$type<JsonObject>(),
    error: text("error"),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    startedAt: timestampColumn("started_at"),
    finishedAt: timestampColumn("finished_at"),
  },
  (t) => [
    check("import_jobs_status_check", oneOf(t.status, IMPORT_JOB_STATUSES)),
    index("import_jobs_workspace_idx").on(t.workspaceId, t.createdAt),
    index("import_jobs_user_idx").on(t.userId),
  ],
);
