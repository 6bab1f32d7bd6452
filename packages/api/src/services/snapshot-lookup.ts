import { companies, contacts, memberships, staffPersons, type Executor } from "@crm/db";
import { isId, type LookupContact, type LookupStaffPerson, type SnapshotLookup } from "@crm/domain";
import { and, eq } from "drizzle-orm";

/**
 * Creates the snapshot lookup the domain plans with, reading contacts and staff
 * of one workspace through `executor`. Inside a write, pass the transaction so
 * snapshots come from the same view of the data as the rest of the write.
 * A malformed id, a missing row and another workspace's row are all `undefined`.
 */
export function createSnapshotLookup(executor: Executor, workspaceId: string): SnapshotLookup {
  return {
    getContact: (id) => findLookupContact(executor, workspaceId, id),
    getStaffPerson: (id) => findLookupStaffPerson(executor, workspaceId, id),
  };
}

async function findLookupContact(
  executor: Executor,
  workspaceId: string,
  id: string,
): Promise<LookupContact | undefined> {
  if (!isId(id)) return undefined;
  const [contact] = await executor
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, status: contacts.status })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (contact === undefined) return undefined;

  const membershipRows = await executor
    .select({
      id: memberships.id,
      companyId: memberships.companyId,
      companyName: companies.name,
      roleInCompany: memberships.roleInCompany,
      department: memberships.department,
      isPrimary: memberships.isPrimary,
      position: memberships.position,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .leftJoin(companies, and(eq(companies.id, memberships.companyId), eq(companies.workspaceId, workspaceId)))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.contactId, contact.id)));

  return { ...contact, memberships: membershipRows };
}

async function findLookupStaffPerson(
  executor: Executor,
  workspaceId: string,
  id: string,
): Promise<LookupStaffPerson | undefined> {
  if (!isId(id)) return undefined;
  const [staff] = await executor
    .select({
      id: staffPersons.id,
      name: staffPersons.name,
      jobTitle: staffPersons.jobTitle,
      employmentType: staffPersons.employmentType,
      status: staffPersons.status,
    })
    .from(staffPersons)
    .where(and(eq(staffPersons.workspaceId, workspaceId), eq(staffPersons.id, id)));
  return staff;
}
