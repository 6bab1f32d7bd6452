import { INTERACTION_TYPES, type ContactSnapshot, type InteractionType, type JsonObject, type Snapshot } from "@crm/domain";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import {
  createdAtColumn,
  idColumn,
  oneOf,
  timestampColumn,
  updatedAtColumn,
  versionColumn,
  workspaceIdColumn,
} from "./columns";
import { contacts } from "./contacts";
import { staffPersons } from "./staff-persons";
import { users } from "./users";

/**
 * Something that happened with a subject contact. Feeds page on
 * (occurred_at, created_at, id), all descending. The feed indexes are declared
 * NULLS FIRST to match `desc()` in a query, because Drizzle's index `.desc()` alone
 * emits NULLS LAST and the planner would then add a sort, even on NOT NULL columns.
 */
export const interactions = pgTable(
  "interactions",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    /** Hard-deleting a contact is the service's job: it removes the interactions first. */
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "restrict" }),
    type: text("type").$type<InteractionType>().notNull().default("note"),
    occurredAt: timestampColumn("occurred_at").notNull(),
    timeZone: text("time_zone"),
    subject: text("subject"),
    body: text("body"),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    subjectSnapshot: jsonb("subject_snapshot").$type<ContactSnapshot>().notNull(),
    /** The companyId frozen in the subject snapshot, for the company feed "as of then". */
    subjectCompanyId: uuid("subject_company_id").generatedAlwaysAs(sql`((subject_snapshot ->> 'companyId'))::uuid`),
    metadata: jsonb("metadata").$type<JsonObject>(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    version: versionColumn(),
  },
  (t) => [
    check("interactions_type_check", oneOf(t.type, INTERACTION_TYPES)),
    index("interactions_contact_feed_idx").on(
      t.workspaceId,
      t.contactId,
      t.occurredAt.desc().nullsFirst(),
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("interactions_recent_feed_idx").on(t.workspaceId, t.occurredAt.desc().nullsFirst(), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("interactions_company_feed_idx").on(
      t.workspaceId,
      t.subjectCompanyId,
      t.occurredAt.desc().nullsFirst(),
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("interactions_contact_idx").on(t.contactId),
    index("interactions_owner_user_idx").on(t.ownerUserId),
  ],
);

/**
 * Someone else who took part in an interaction: free text, or resolved to a
 * contact or a staff person. The interaction's feed keys are copied here (a
 * trigger keeps them equal) so the "involving" feed is two ordered index scans.
 */
export const interactionParties = pgTable(
  "interaction_parties",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    interactionId: uuid("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    rawName: text("raw_name").notNull(),
    /** Nulled when the contact is hard-deleted; raw_name and snapshot remain. */
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    staffPersonId: uuid("staff_person_id").references(() => staffPersons.id, { onDelete: "set null" }),
    snapshot: jsonb("snapshot").$type<Snapshot>().notNull(),
    /** The companyId frozen in the snapshot, for the company feed "as of then". */
    snapshotCompanyId: uuid("snapshot_company_id").generatedAlwaysAs(sql`((snapshot ->> 'companyId'))::uuid`),
    position: integer("position").notNull(),
    /**
     * contact:<id>, staff:<id> or name:<lowercased raw name>. Kept as written when
     * the contact is hard-deleted, so it stays unique within the interaction.
     */
    identity: text("identity").notNull(),
    /** The interaction's occurred_at, not a property of the party. */
    occurredAt: timestampColumn("occurred_at").notNull(),
    /** The interaction's created_at, not the time the party was added. */
    createdAt: timestampColumn("created_at").notNull(),
  },
  (t) => [
    check("interaction_parties_one_reference_check", sql`not (${t.contactId} is not null and ${t.staffPersonId} is not null)`),
    unique("interaction_parties_identity_unique").on(t.interactionId, t.identity),
    index("interaction_parties_contact_feed_idx").on(
      t.workspaceId,
      t.contactId,
      t.occurredAt.desc().nullsFirst(),
      t.createdAt.desc().nullsFirst(),
      t.interactionId.desc().nullsFirst(),
    ),
    index("interaction_parties_company_feed_idx").on(
      t.workspaceId,
      t.snapshotCompanyId,
      t.occurredAt.desc().nullsFirst(),
      t.createdAt.desc().nullsFirst(),
      t.interactionId.desc().nullsFirst(),
    ),
    index("interaction_parties_contact_idx").on(t.contactId),
    index("interaction_parties_staff_person_idx").on(t.staffPersonId),
  ],
);
