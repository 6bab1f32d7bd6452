import {
  companies,
  contacts,
  isUniqueViolation,
  memberships,
  runInTransaction,
  type CompanyRow,
  type ContactRow,
  type Executor,
} from "@crm/db";
import {
  DomainError,
  compareMembershipRank,
  isId,
  validationError,
  type Contact,
  type ParsedContactCreateInput,
  type ParsedContactUpdateInput,
  type ParsedSearchInput,
} from "@crm/domain";
import { and, eq, inArray, ne, or } from "drizzle-orm";

import type { Actor, ServiceContext } from "../context";
import {
  afterNameCursor,
  containsPattern,
  ilike,
  nameOrder,
  toPage,
  type DirectoryListInput,
  type Page,
} from "./directory-list";
import { notifyDirectoryChange } from "./directory-notices";
import { fieldConflict } from "./field-conflict";
import { deleteInteractionsOfContact } from "./interactions";
import { touchInteractionsReferencing } from "./party-references";
import { restoredStatus, trashedStatus, TRASHED_STATUS_MESSAGE } from "./trash";

/** A contact's membership of a company, as shown with the contact. */
export interface ContactMembership {
  readonly id: string;
  readonly companyId: string;
  readonly companyName: string;
  readonly companyStatus: CompanyRow["status"];
  readonly roleInCompany: string | null;
  readonly department: string | null;
  readonly isPrimary: boolean;
  readonly position: number;
  readonly createdAt: Date;
}

/** A contact with its memberships, the primary one first. */
export interface ContactWithMemberships extends Contact {
  readonly memberships: readonly ContactMembership[];
  /** The one marked primary, else the lowest position, else the oldest. Null without memberships. */
  readonly primaryMembership: ContactMembership | null;
}

const EMAIL_TAKEN_MESSAGE = "is already used by another contact in this workspace";
const ID_TAKEN_MESSAGE = "is already used; leave it out to get a new id";

/** Creates a contact. The email, when given, must be unused by the workspace's other contacts, ignoring case. */
export async function createContact(
  services: ServiceContext,
  actor: Actor,
  input: ParsedContactCreateInput,
): Promise<ContactWithMemberships> {
  const now = services.now();
  const id = input.id ?? services.newId();

  try {
    await services.db.insert(contacts).values({
      id,
      workspaceId: actor.workspaceId,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      notes: input.notes ?? null,
      status: input.status ?? "active",
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    throw contactConflict(error, "") ?? error;
  }

  await notifyDirectoryChange(services, actor, [id]);
  return requireContact(services.db, actor.workspaceId, id);
}

/**
 * Changes a contact's fields. Fields left out stay as they are, and null clears
 * an optional one. A trashed contact's status changes only through restore.
 */
export async function updateContact(
  services: ServiceContext,
  actor: Actor,
  input: ParsedContactUpdateInput,
): Promise<ContactWithMemberships> {
  const { id, changes } = input;

  try {
    await runInTransaction(services.db, async (tx) => {
      const current = await findContactRow(tx, actor.workspaceId, id);
      if (!current) throw contactNotFound(id);
      if (changes.status !== undefined && current.status === "trashed") {
        throw validationError({ "changes.status": [TRASHED_STATUS_MESSAGE] });
      }

      await tx
        .update(contacts)
        .set({
          name: changes.name,
          email: changes.email,
          phone: changes.phone,
          notes: changes.notes,
          status: changes.status,
          updatedAt: services.now(),
        })
        .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)));
    });
  } catch (error) {
    throw contactConflict(error, "changes.") ?? error;
  }

  await notifyDirectoryChange(services, actor, [id]);
  return requireContact(services.db, actor.workspaceId, id);
}

/** Returns a contact with its memberships, or null for a missing, foreign or malformed id. */
export async function getContact(
  services: ServiceContext,
  actor: Actor,
  id: string,
): Promise<ContactWithMemberships | null> {
  return findContact(services.db, actor.workspaceId, id);
}

/** Lists contacts in name order, one page at a time, without trashed ones unless asked. */
export async function listContacts(
  services: ServiceContext,
  actor: Actor,
  input: DirectoryListInput,
): Promise<Page<ContactWithMemberships>> {
  const rows = await services.db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, actor.workspaceId),
        input.includeTrashed ? undefined : ne(contacts.status, "trashed"),
        afterNameCursor(contacts.name, contacts.id, input.cursor),
      ),
    )
    .orderBy(...nameOrder(contacts.name, contacts.id))
    .limit(input.limit + 1);

  const page = toPage(rows, input.limit);
  return { items: await withMemberships(services.db, actor.workspaceId, page.items), nextCursor: page.nextCursor };
}

/**
 * Finds contacts whose name or email contains the query, ignoring case, in name
 * order. `%`, `_` and `\` match themselves. Trashed contacts are left out, and a
 * blank query finds nothing.
 */
export async function searchContacts(
  services: ServiceContext,
  actor: Actor,
  input: ParsedSearchInput,
): Promise<ContactWithMemberships[]> {
  const query = input.query.trim();
  if (query === "") return [];

  const pattern = containsPattern(query);
  const rows = await services.db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, actor.workspaceId),
        ne(contacts.status, "trashed"),
        or(ilike(contacts.name, pattern), ilike(contacts.email, pattern)),
      ),
    )
    .orderBy(...nameOrder(contacts.name, contacts.id))
    .limit(input.limit);
  return withMemberships(services.db, actor.workspaceId, rows);
}

/** Moves a contact to the trash, remembering its status. Trashing a trashed contact changes nothing. */
export async function trashContact(
  services: ServiceContext,
  actor: Actor,
  id: string,
): Promise<ContactWithMemberships> {
  return changeTrashState(services, actor, id, trashedStatus);
}

/** Takes a contact out of the trash with the status it had before. Restoring an untrashed contact changes nothing. */
export async function restoreContact(
  services: ServiceContext,
  actor: Actor,
  id: string,
): Promise<ContactWithMemberships> {
  return changeTrashState(services, actor, id, restoredStatus);
}

/**
 * Deletes a contact for good, in one transaction: the interactions it is the
 * subject of (each with its activity entry, files and notices, like deleting it
 * alone), its memberships, and the contact. Parties elsewhere that referred to
 * it become free text keeping their rawName and snapshot. Admins only, because
 * it removes history; everyone else moves contacts to the trash.
 */
export async function deleteContact(services: ServiceContext, actor: Actor, id: string): Promise<void> {
  if (actor.role !== "admin") {
    throw new DomainError(
      "FORBIDDEN",
      "only an admin may delete a contact for good, because it removes its history; move it to the trash instead",
    );
  }

  const { afterCommit, involvedContactIds } = await runInTransaction(services.db, async (tx) => {
    const current = await findContactRow(tx, actor.workspaceId, id);
    if (!current) throw contactNotFound(id);

    const afterInteractionsDeleted = await deleteInteractionsOfContact(tx, services, actor, id);
    const involved = await touchInteractionsReferencing(tx, actor.workspaceId, { contactId: id });
    await tx.delete(contacts).where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)));
    return { afterCommit: afterInteractionsDeleted, involvedContactIds: involved };
  });

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, contactId: id }, "contact deleted");
  await afterCommit();
  await notifyDirectoryChange(services, actor, [id, ...involvedContactIds]);
}

/**
 * Loads the memberships of the given contacts with their company names, each
 * list in primary-membership order. Contacts without memberships map to [].
 */
export async function loadContactMemberships(
  executor: Executor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, ContactMembership[]>> {
  const byContact = new Map<string, ContactMembership[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return byContact;

  const rows = await executor
    .select({
      contactId: memberships.contactId,
      id: memberships.id,
      companyId: memberships.companyId,
      companyName: companies.name,
      companyStatus: companies.status,
      roleInCompany: memberships.roleInCompany,
      department: memberships.department,
      isPrimary: memberships.isPrimary,
      position: memberships.position,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(companies, and(eq(companies.id, memberships.companyId), eq(companies.workspaceId, workspaceId)))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.contactId, [...contactIds])));

  for (const { contactId, ...membership } of rows) byContact.get(contactId)?.push(membership);
  for (const list of byContact.values()) list.sort(compareMembershipRank);
  return byContact;
}

/** Turns a contacts row into the entity. */
export function toContact(row: ContactRow): Contact {
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

/** Returns a contacts row of the workspace, or undefined for a missing or malformed id. */
export async function findContactRow(
  executor: Executor,
  workspaceId: string,
  id: string,
): Promise<ContactRow | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await executor
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return row;
}

export function contactNotFound(id: string): DomainError {
  return new DomainError("NOT_FOUND", `No contact with id ${id} in this workspace.`);
}

async function changeTrashState(
  services: ServiceContext,
  actor: Actor,
  id: string,
  nextStatus: typeof trashedStatus | typeof restoredStatus,
): Promise<ContactWithMemberships> {
  const changed = await runInTransaction(services.db, async (tx) => {
    const current = await findContactRow(tx, actor.workspaceId, id);
    if (!current) throw contactNotFound(id);
    const status = nextStatus(current);
    if (!status) return false;

    await tx
      .update(contacts)
      .set({ ...status, updatedAt: services.now() })
      .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)));
    return true;
  });

  if (changed) await notifyDirectoryChange(services, actor, [id]);
  return requireContact(services.db, actor.workspaceId, id);
}

async function findContact(
  executor: Executor,
  workspaceId: string,
  id: string,
): Promise<ContactWithMemberships | null> {
  const row = await findContactRow(executor, workspaceId, id);
  if (!row) return null;
  const [contact] = await withMemberships(executor, workspaceId, [row]);
  return contact ?? null;
}

/** Reads back a contact just written, which is missing only if a concurrent request deleted it. */
async function requireContact(executor: Executor, workspaceId: string, id: string): Promise<ContactWithMemberships> {
  const contact = await findContact(executor, workspaceId, id);
  if (!contact) throw contactNotFound(id);
  return contact;
}

async function withMemberships(
  executor: Executor,
  workspaceId: string,
  rows: readonly ContactRow[],
): Promise<ContactWithMemberships[]> {
  const byContact = await loadContactMemberships(
    executor,
    workspaceId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const list = byContact.get(row.id) ?? [];
    return { ...toContact(row), memberships: list, primaryMembership: list[0] ?? null };
  });
}

/** Maps a unique violation on a contact to the field error a form shows, or returns undefined. */
function contactConflict(error: unknown, pathPrefix: "" | "changes."): DomainError | undefined {
  if (isUniqueViolation(error, "contacts_workspace_email_unique")) {
    return fieldConflict(`${pathPrefix}email`, EMAIL_TAKEN_MESSAGE);
  }
  if (isUniqueViolation(error, "contacts_pkey")) {
    return fieldConflict("id", ID_TAKEN_MESSAGE);
  }
  return undefined;
}
