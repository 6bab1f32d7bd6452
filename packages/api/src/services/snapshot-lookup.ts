import { companies, contacts, memberships, staffPersons, type Executor } from "@crm/db";
import {
  isId,
  type LookupContact,
  type LookupMembership,
  type LookupStaffPerson,
  type SnapshotLookup,
} from "@crm/domain";
import { and, eq } from "drizzle-orm";

import { executePrepared, idIn } from "./prepared-query";

/**
 * Creates the snapshot lookup the domain plans with, reading contacts and staff
 * of one workspace through `executor`. Inside a write, pass the transaction so
 * snapshots come from the same view of the data as the rest of the write.
 * A malformed id, a missing row and another workspace's row are all `undefined`.
 */
export function createSnapshotLookup(executor: Executor, workspaceId: string): SnapshotLookup {
  return {
    getContact: async (id) => (await loadLookupContacts(executor, workspaceId, [id])).get(id.toLowerCase()),
    getStaffPerson: async (id) =>
      (await loadLookupStaffPersons(executor, workspaceId, [id])).get(id.toLowerCase()),
  };
}

/** The records a write may take snapshots of. Blank and malformed ids are skipped. */
export interface SnapshotIds {
  readonly contactIds: readonly (string | null | undefined)[];
  readonly staffPersonIds: readonly (string | null | undefined)[];
}

/**
 * Reads the named contacts, with their memberships and companies, in one
 * statement, and the named staff persons in one more when there are any. The
 * returned lookup serves them from memory, because the domain requests one
 * record at a time and would otherwise cost a statement per record. An id not
 * named here is read on request, as `createSnapshotLookup` does.
 */
export async function prefetchSnapshotLookup(
  executor: Executor,
  workspaceId: string,
  ids: SnapshotIds,
): Promise<SnapshotLookup> {
  const contactIds = wellFormedIds(ids.contactIds);
  const staffPersonIds = wellFormedIds(ids.staffPersonIds);
  const contactsById = await loadLookupContacts(executor, workspaceId, contactIds);
  const staffById = await loadLookupStaffPersons(executor, workspaceId, staffPersonIds);
  const fallback = createSnapshotLookup(executor, workspaceId);

  return {
    getContact: (id) => {
      const key = id.toLowerCase();
      return contactIds.includes(key) ? Promise.resolve(contactsById.get(key)) : fallback.getContact(id);
    },
    getStaffPerson: (id) => {
      const key = id.toLowerCase();
      return staffPersonIds.includes(key) ? Promise.resolve(staffById.get(key)) : fallback.getStaffPerson(id);
    },
  };
}

/** Returns the distinct well-formed ids, lower-cased as the database returns them. */
function wellFormedIds(ids: readonly (string | null | undefined)[]): string[] {
  const found = new Set<string>();
  for (const id of ids) if (isId(id)) found.add(id.toLowerCase());
  return [...found];
}

/** Reads contacts of the workspace with their memberships and company names, keyed by lower-case id. */
async function loadLookupContacts(
  executor: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, LookupContact>> {
  const validIds = ids.filter(isId);
  if (validIds.length === 0) return new Map();

  // One row per membership, or one without a membership for a contact that has none.
  const rows = await executePrepared(
    executor
      .select({
        id: contacts.id,
        name: contacts.name,
        email: contacts.email,
        status: contacts.status,
        // Drizzle returns null for the whole object when the left join found no membership.
        membership: {
          id: memberships.id,
          companyId: memberships.companyId,
          roleInCompany: memberships.roleInCompany,
          department: memberships.department,
          isPrimary: memberships.isPrimary,
          position: memberships.position,
          createdAt: memberships.createdAt,
        },
        companyName: companies.name,
      })
      .from(contacts)
      .leftJoin(
        memberships,
        and(eq(memberships.contactId, contacts.id), eq(memberships.workspaceId, workspaceId)),
      )
      .leftJoin(
        companies,
        and(eq(companies.id, memberships.companyId), eq(companies.workspaceId, workspaceId)),
      )
      .where(and(eq(contacts.workspaceId, workspaceId), idIn(contacts.id, validIds))),
    "snapshot_lookup_contacts",
  );

  const found = new Map<string, LookupContact & { memberships: LookupMembership[] }>();
  for (const row of rows) {
    let contact = found.get(row.id);
    if (contact === undefined) {
      contact = { id: row.id, name: row.name, email: row.email, status: row.status, memberships: [] };
      found.set(row.id, contact);
    }
    if (row.membership !== null) {
      contact.memberships.push({ ...row.membership, companyName: row.companyName });
    }
  }
  return found;
}

/** Reads staff persons of the workspace, keyed by lower-case id. */
async function loadLookupStaffPersons(
  executor: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, LookupStaffPerson>> {
  const validIds = ids.filter(isId);
  if (validIds.length === 0) return new Map();
  const rows = await executePrepared(
    executor
      .select({
        id: staffPersons.id,
        name: staffPersons.name,
        jobTitle: staffPersons.jobTitle,
        employmentType: staffPersons.employmentType,
        status: staffPersons.status,
      })
      .from(staffPersons)
      .where(and(eq(staffPersons.workspaceId, workspaceId), idIn(staffPersons.id, validIds))),
    "snapshot_lookup_staff_persons",
  );
  return new Map(rows.map((row) => [row.id, row]));
}
