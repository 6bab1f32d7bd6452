import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, oneOf, timestampColumn, updatedAtColumn, workspaceIdColumn } from "./columns";
import { contacts } from "./contacts";
import { staffPersons } from "./staff-persons";
import { USER_STATUSES, type UserStatus } from "./value-lists";
import { USER_ROLES, type UserRole } from "@crm/domain";

/** A person who logs in. Email is unique across the whole installation, ignoring case. */
export const users = pgTable(
  "users",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** A salted slow hash; never leaves the server. */
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<UserRole>().notNull().default("member"),
    status: text("status").$type<UserStatus>().notNull().default("active"),
    staffPersonId: uuid("staff_person_id")
      .unique("users_staff_person_unique")
      .references(() => staffPersons.id, { onDelete: "set null" }),
    contactId: uuid("contact_id")
      .unique("users_contact_unique")
      .references(() => contacts.id, { onDelete: "set null" }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    check("users_role_check", oneOf(t.role, USER_ROLES)),
    check("users_status_check", oneOf(t.status, USER_STATUSES)),
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_workspace_idx").on(t.workspaceId),
  ],
);

/** A login session; only a hash of the token is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique("sessions_token_hash_unique"),
    createdAt: createdAtColumn(),
    expiresAt: timestampColumn("expires_at").notNull(),
    lastSeenAt: timestampColumn("last_seen_at").notNull().defaultNow(),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    index("sessions_workspace_idx").on(t.workspaceId),
    index("sessions_expires_at_idx").on(t.expiresAt),
  ],
);
