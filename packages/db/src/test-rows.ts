import { randomUUID } from "node:crypto";
import type { Executor } from "./client";
import {
  contacts,
  interactionParties,
  interactions,
  staffPersons,
  workspaces,
  type StaffPersonRow,
  type ContactRow,
  type InteractionPartyRow,
  type InteractionRow,
  type NewContactRow,
  type NewInteractionPartyRow,
  type NewInteractionRow,
} from "./schema";

// Rows for this package's own tests, with every required column filled in.

export async function insertWorkspace(db: Executor, name = "Acme"): Promise<string> {
  const id = randomUUID();
  await db.insert(workspaces).values({ id, name });
  return id;
}

export async function insertContact(
  db: Executor,
  workspaceId: string,
  fields: Partial<NewContactRow> = {},
): Promise<ContactRow> {
  const [row] = await db
    .insert(contacts)
    .values({ id: randomUUID(), workspaceId, name: "Ada Lovelace", ...fields })
    .returning();
  if (row === undefined) throw new Error("Inserting a contact returned no row.");
  return row;
}

export async function insertInteraction(
  db: Executor,
  contact: ContactRow,
  fields: Partial<NewInteractionRow> = {},
): Promise<InteractionRow> {
  const [row] = await db
    .insert(interactions)
    .values({
      id: randomUUID(),
      workspaceId: contact.workspaceId,
      contactId: contact.id,
      occurredAt: new Date("2024-05-01T10:00:00.000Z"),
      subjectSnapshot: { source: "contact", name: contact.name, capturedAt: "2024-05-01T10:00:00Z" },
      ...fields,
    })
    .returning();
  if (row === undefined) throw new Error("Inserting an interaction returned no row.");
  return row;
}

export async function insertParty(
  db: Executor,
  interaction: InteractionRow,
  fields: Partial<NewInteractionPartyRow> & Pick<NewInteractionPartyRow, "rawName" | "identity">,
): Promise<InteractionPartyRow> {
  const [row] = await db
    .insert(interactionParties)
    .values({
      id: randomUUID(),
      workspaceId: interaction.workspaceId,
      interactionId: interaction.id,
      snapshot: { source: "free_text", capturedAt: "2024-05-01T10:00:00Z" },
      position: 0,
      occurredAt: interaction.occurredAt,
      createdAt: interaction.createdAt,
      ...fields,
    })
    .returning();
  if (row === undefined) throw new Error("Inserting a party returned no row.");
  return row;
}

export async function insertStaffPerson(db: Executor, workspaceId: string): Promise<StaffPersonRow> {
  const [row] = await db.insert(staffPersons).values({ id: randomUUID(), workspaceId, name: "Sam Staff" }).returning();
  if (row === undefined) throw new Error("Inserting a staff person returned no row.");
  return row;
}
