import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, oneOf, updatedAtColumn, versionColumn, workspaceIdColumn } from "./columns";
import { CONTACT_STATUSES, SETTABLE_STATUSES, type ContactStatus, type SettableStatus } from "@crm/domain";

// Search is a plain ILIKE over the workspace's rows; no trigram index yet.
export const contacts = pgTable(
  "contacts",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    notes: text("notes"),
    status: text("status").$type<ContactStatus>().notNull().default("active"),
    /** Set while the contact is trashed, so restore can put the old status back. */
    statusBeforeTrash: text("status_before_trash").$type<SettableStatus>(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    version: versionColumn(),
  },
  (t) => [
    check("contacts_status_check", oneOf(t.status, CONTACT_STATUSES)),
    check("contacts_status_before_trash_check", oneOf(t.statusBeforeTrash, SETTABLE_STATUSES)),
    uniqueIndex("contacts_workspace_email_unique")
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.email} is not null`),
    index("contacts_workspace_idx").on(t.workspaceId),
  ],
);
