import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, oneOf, updatedAtColumn, versionColumn, workspaceIdColumn } from "./columns";
import { contacts } from "./contacts";
import { CONTACT_STATUSES, SETTABLE_STATUSES, type ContactStatus, type SettableStatus } from "@crm/domain";

/** Companies share the contact status lifecycle, trash and restore included. */
export const companies = pgTable(
  "companies",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    name: text("name").notNull(),
    status: text("status").$type<ContactStatus>().notNull().default("active"),
    statusBeforeTrash: text("status_before_trash").$type<SettableStatus>(),
    website: text("website"),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    industry: text("industry"),
    notes: text("notes"),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    version: versionColumn(),
  },
  (t) => [
    check("companies_status_check", oneOf(t.status, CONTACT_STATUSES)),
    check("companies_status_before_trash_check", oneOf(t.statusBeforeTrash, SETTABLE_STATUSES)),
    index("companies_workspace_idx").on(t.workspaceId),
  ],
);

/** Links a contact to a company: at most one per pair, at most one primary per contact. */
export const memberships = pgTable(
  "memberships",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    roleInCompany: text("role_in_company"),
    department: text("department"),
    isPrimary: boolean("is_primary").notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    version: versionColumn(),
  },
  (t) => [
    unique("memberships_contact_company_unique").on(t.contactId, t.companyId),
    uniqueIndex("memberships_one_primary_per_contact").on(t.contactId).where(sql`${t.isPrimary}`),
    index("memberships_company_idx").on(t.companyId),
    index("memberships_workspace_idx").on(t.workspaceId),
  ],
);
