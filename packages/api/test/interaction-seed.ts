import {
  companies,
  contacts,
  memberships,
  staffPersons,
  workspaces,
  type CompanyRow,
  type ContactRow,
  type Executor,
  type MembershipRow,
  type NewCompanyRow,
  type NewContactRow,
  type NewMembershipRow,
  type NewStaffPersonRow,
  type StaffPersonRow,
} from "@crm/db";
import type { DatabaseHandle } from "@crm/db";
import { uuidv7 } from "uuidv7";

import { createTestServices, createTestWorkspace, type TestServices, type TestWorkspace } from "./harness";

// Directory rows inserted with Drizzle, so interaction tests need no
// contacts, companies or staff services.

export interface InteractionsTest {
  readonly services: TestServices;
  readonly workspace: TestWorkspace;
  /** A contact of the workspace, the subject of most tests' interactions. */
  readonly ada: ContactRow;
}

/** Creates services (optionally with a fixed clock), a workspace with an admin and a member, and a contact. */
export async function setUpInteractionsTest(
  handle: DatabaseHandle,
  options: { readonly now?: () => Date } = {},
): Promise<InteractionsTest> {
  const base = createTestServices(handle);
  const services: TestServices = options.now ? { ...base, now: options.now } : base;
  const workspace = await createTestWorkspace(services);
  const ada = await seedContact(services.db, workspace.workspaceId, { name: "Ada Lovelace" });
  return { services, workspace, ada };
}

export async function seedWorkspace(db: Executor, name = "Acme"): Promise<string> {
  const id = uuidv7();
  await db.insert(workspaces).values({ id, name });
  return id;
}

export async function seedContact(
  db: Executor,
  workspaceId: string,
  fields: Partial<NewContactRow> = {},
): Promise<ContactRow> {
  const [row] = await db
    .insert(contacts)
    .values({ id: uuidv7(), workspaceId, name: "Ada Lovelace", ...fields })
    .returning();
  if (row === undefined) throw new Error("Inserting a contact returned no row.");
  return row;
}

export async function seedCompany(
  db: Executor,
  workspaceId: string,
  fields: Partial<NewCompanyRow> = {},
): Promise<CompanyRow> {
  const [row] = await db
    .insert(companies)
    .values({ id: uuidv7(), workspaceId, name: "Analytical Engines Ltd", ...fields })
    .returning();
  if (row === undefined) throw new Error("Inserting a company returned no row.");
  return row;
}

export async function seedMembership(
  db: Executor,
  contact: ContactRow,
  company: CompanyRow,
  fields: Partial<NewMembershipRow> = {},
): Promise<MembershipRow> {
  const [row] = await db
    .insert(memberships)
    .values({
      id: uuidv7(),
      workspaceId: contact.workspaceId,
      contactId: contact.id,
      companyId: company.id,
      isPrimary: true,
      ...fields,
    })
    .returning();
  if (row === undefined) throw new Error("Inserting a membership returned no row.");
  return row;
}

export async function seedStaffPerson(
  db: Executor,
  workspaceId: string,
  fields: Partial<NewStaffPersonRow> = {},
): Promise<StaffPersonRow> {
  const [row] = await db
    .insert(staffPersons)
    .values({ id: uuidv7(), workspaceId, name: "Sam Staff", ...fields })
    .returning();
  if (row === undefined) throw new Error("Inserting a staff person returned no row.");
  return row;
}
