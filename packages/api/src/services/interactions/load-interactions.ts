import {
  contacts,
  files,
  interactionParties,
  interactions,
  type ContactRow,
  type Executor,
  type InteractionPartyRow,
  type InteractionRow,
} from "@crm/db";
import type { Contact, FileRef, Interaction, Party } from "@crm/domain";
import { and, asc, eq, inArray } from "drizzle-orm";

/** An interaction with its subject contact's current record, as company and multi-contact feeds return it. */
export interface InteractionWithContact extends Interaction {
  readonly contact: Contact;
}

/**
 * Loads interactions of the workspace by id, each with its parties in
 * position order and its files, in the order of `ids`. Ids not found in the
 * workspace are left out. Three queries whatever the number of ids.
 */
export async function loadInteractions(
  executor: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Interaction[]> {
  if (ids.length === 0) return [];
  const rows = await executor
    .select()
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.id, [...ids])));
  return assembleInteractions(executor, workspaceId, orderByIds(rows, ids));
}

/** Loads one interaction of the workspace, or null. Pass `forUpdate` inside a write to lock its row. */
export async function loadInteraction(
  executor: Executor,
  workspaceId: string,
  id: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<Interaction | null> {
  const query = executor
    .select()
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (row === undefined) return null;
  const [interaction] = await assembleInteractions(executor, workspaceId, [row]);
  return interaction ?? null;
}

/** Adds each interaction's subject contact as it is now; one query. */
export async function withSubjectContacts(
  executor: Executor,
  workspaceId: string,
  items: readonly Interaction[],
): Promise<InteractionWithContact[]> {
  if (items.length === 0) return [];
  const contactIds = [...new Set(items.map((item) => item.contactId))];
  const rows = await executor
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)));
  const byId = new Map(rows.map((row) => [row.id, toContact(row)]));

  return items.flatMap((item) => {
    const contact = byId.get(item.contactId);
    // The foreign key keeps the subject in place; a miss means it was deleted after the feed query.
    return contact ? [{ ...item, contact }] : [];
  });
}

/** Loads the parties and files of interaction rows, one query each, and builds the entities. */
async function assembleInteractions(
  executor: Executor,
  workspaceId: string,
  rows: readonly InteractionRow[],
): Promise<Interaction[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);

  const partyRows = await executor
    .select()
    .from(interactionParties)
    .where(and(eq(interactionParties.workspaceId, workspaceId), inArray(interactionParties.interactionId, ids)))
    .orderBy(asc(interactionParties.interactionId), asc(interactionParties.position), asc(interactionParties.id));

  const fileRows = await executor
    .select({
      id: files.id,
      interactionId: files.interactionId,
      filename: files.filename,
      contentType: files.contentType,
      size: files.size,
    })
    .from(files)
    .where(and(eq(files.workspaceId, workspaceId), inArray(files.interactionId, ids)))
    .orderBy(asc(files.createdAt), asc(files.id));

  const partiesById = groupBy(partyRows, (row) => row.interactionId);
  const filesById = groupBy(fileRows, (row) => row.interactionId ?? "");
  return rows.map((row) =>
    toInteraction(
      row,
      (partiesById.get(row.id) ?? []).map(toParty),
      (filesById.get(row.id) ?? []).map(({ interactionId: _interactionId, ...file }): FileRef => file),
    ),
  );
}

function toInteraction(row: InteractionRow, parties: readonly Party[], fileRefs: readonly FileRef[]): Interaction {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    contactId: row.contactId,
    type: row.type,
    occurredAt: row.occurredAt,
    timeZone: row.timeZone,
    subject: row.subject,
    body: row.body,
    // NOTE: the owner is null only when the owning user row was deleted; "" then matches no user.
    ownerUserId: row.ownerUserId ?? "",
    subjectSnapshot: row.subjectSnapshot,
    metadata: row.metadata,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    parties,
    files: fileRefs,
  };
}

function toParty(row: InteractionPartyRow): Party {
  return {
    id: row.id,
    rawName: row.rawName,
    contactId: row.contactId,
    staffPersonId: row.staffPersonId,
    snapshot: row.snapshot,
    position: row.position,
  };
}

function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function orderByIds<T extends { readonly id: string }>(rows: readonly T[], ids: readonly string[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
