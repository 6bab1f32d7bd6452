import { companies, contacts, memberships, type ContactRow, type Executor } from "@crm/db";
import { contactCreateInputSchema, membershipCreateInputSchema } from "@crm/domain";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";

import type { Actor, ServiceContext } from "../../context";
import type { ImportedContact } from "../../import";
import { addMember, createCompany, updateMember } from "../companies";
import { createContact, updateContact } from "../contacts";
import type { RecordTally } from "./import-report";

/** Plan for importing one contact record, made before anything is written. */
export interface ContactPlan {
  readonly position: number;
  readonly name: string;
  readonly email: string | null;
  readonly contact: ContactStep;
  readonly company: CompanyStep | null;
  readonly membership: MembershipStep | null;
  /** Values of the file that were not imported, each a sentence for the report. */
  readonly notes: readonly string[];
}

export type ContactStep =
  | {
      readonly action: "create";
      readonly input: { readonly name: string; readonly email: string | null; readonly phone: string | null; readonly notes: string | null };
    }
  | {
      readonly action: "update" | "unchanged";
      readonly contactId: string;
      readonly changes: { readonly phone?: string; readonly notes?: string };
    };

export type CompanyStep =
  | { readonly action: "create"; readonly name: string }
  | { readonly action: "match"; readonly companyId: string; readonly name: string };

export type MembershipStep =
  | { readonly action: "add"; readonly roleInCompany: string | null; readonly department: string | null }
  | {
      readonly action: "update" | "unchanged";
      readonly changes: { readonly roleInCompany?: string; readonly department?: string };
    };

/**
 * Plans how a contact record imports, reading through `executor`.
 * 1. The contact is matched by any of the record's emails, ignoring case. A
 *    record without email matches by exact name when exactly one contact that
 *    is not trashed has it. Otherwise the contact is new.
 * 2. A matched contact gets a missing phone or notes filled in. A differing
 *    name, phone or notes is kept and noted.
 * 3. The company is matched by name ignoring case, else created.
 * 4. The membership with role (TITLE) and department is added, or filled in
 *    where empty. A differing value is kept and noted.
 */
export async function planContactRecord(
  executor: Executor,
  workspaceId: string,
  record: ImportedContact,
  label: string,
): Promise<ContactPlan> {
  const notes: string[] = [];
  const email = record.emails[0] ?? null;
  const phone = record.phones[0] ?? null;
  const name = record.name ?? email ?? "";

  // 1. The contact.
  const existing =
    record.emails.length > 0
      ? await findContactByEmails(executor, workspaceId, record.emails)
      : await findContactByName(executor, workspaceId, name);

  // 2. The contact's fields.
  let contact: ContactStep;
  if (existing === undefined) {
    contact = { action: "create", input: { name, email, phone, notes: record.notes ?? null } };
  } else {
    const changes: { phone?: string; notes?: string } = {};
    if (record.name !== null && record.name !== existing.name) {
      notes.push(`${label}: kept the contact's name "${existing.name}"; the file has "${record.name}"`);
    }
    if (phone !== null && existing.phone === null) changes.phone = phone;
    else if (phone !== null && existing.phone !== null && !record.phones.includes(existing.phone)) {
      notes.push(`${label}: kept the contact's phone ${existing.phone}; the file has ${phone}`);
    }
    if (record.notes !== undefined && existing.notes === null) changes.notes = record.notes;
    else if (record.notes !== undefined && existing.notes !== null && existing.notes !== record.notes) {
      notes.push(`${label}: kept the contact's notes; the file has different notes`);
    }
    const changed = changes.phone !== undefined || changes.notes !== undefined;
    contact = { action: changed ? "update" : "unchanged", contactId: existing.id, changes };
  }

  // 3. The company.
  if (record.company === undefined) {
    if (record.title !== undefined || record.department !== undefined) {
      notes.push(`${label}: has a title or department but no organization: ignored them`);
    }
    return { position: record.position, name, email, contact, company: null, membership: null, notes };
  }
  const companyRow = await findCompanyByName(executor, workspaceId, record.company);
  const company: CompanyStep = companyRow
    ? { action: "match", companyId: companyRow.id, name: companyRow.name }
    : { action: "create", name: record.company };

  // 4. The membership.
  const roleInCompany = record.title ?? null;
  const department = record.department ?? null;
  const current =
    existing !== undefined && company.action === "match"
      ? await findMembership(executor, workspaceId, existing.id, company.companyId)
      : undefined;
  let membership: MembershipStep;
  if (current === undefined) {
    membership = { action: "add", roleInCompany, department };
  } else {
    const changes: { roleInCompany?: string; department?: string } = {};
    const fill = (field: "roleInCompany" | "department", fileValue: string | null, value: string | null, title: string) => {
      if (fileValue === null) return;
      if (value === null) changes[field] = fileValue;
      else if (value !== fileValue) notes.push(`${label}: kept the ${title} "${value}" at ${company.name}; the file has "${fileValue}"`);
    };
    fill("roleInCompany", roleInCompany, current.roleInCompany, "role");
    fill("department", department, current.department, "department");
    membership = { action: Object.keys(changes).length > 0 ? "update" : "unchanged", changes };
  }
  return { position: record.position, name, email, contact, company, membership, notes };
}

/**
 * Writes a planned contact record through the contact and company services.
 * Pass services whose database is the record's transaction.
 */
export async function applyContactPlan(
  services: ServiceContext,
  actor: Actor,
  plan: ContactPlan,
  tally: RecordTally,
): Promise<void> {
  let contactId: string;
  if (plan.contact.action === "create") {
    const created = await createContact(services, actor, contactCreateInputSchema.parse(plan.contact.input));
    contactId = created.id;
    tally.created.contacts += 1;
  } else {
    contactId = plan.contact.contactId;
    if (plan.contact.action === "update") {
      await updateContact(services, actor, { id: contactId, changes: plan.contact.changes });
      tally.updated.contacts += 1;
    }
  }

  let companyId: string | null = null;
  if (plan.company?.action === "create") {
    companyId = (await createCompany(services, actor, { name: plan.company.name })).id;
    tally.created.companies += 1;
  } else if (plan.company?.action === "match") {
    companyId = plan.company.companyId;
  }

  if (companyId !== null && plan.membership?.action === "add") {
    const { roleInCompany, department } = plan.membership;
    const input = membershipCreateInputSchema.parse({ companyId, contactId, roleInCompany, department });
    await addMember(services, actor, input);
    tally.created.memberships += 1;
  } else if (companyId !== null && plan.membership?.action === "update") {
    await updateMember(services, actor, { companyId, contactId, changes: plan.membership.changes });
    tally.updated.memberships += 1;
  }

  tally.unchanged =
    plan.contact.action === "unchanged" &&
    plan.company?.action !== "create" &&
    (plan.membership === null || plan.membership.action === "unchanged");
  tally.issues.push(...plan.notes.map((reason) => ({ position: plan.position, reason })));
}

/** Returns the contact whose email is the earliest of `emails` to match one, ignoring case. */
async function findContactByEmails(
  executor: Executor,
  workspaceId: string,
  emails: readonly string[],
): Promise<ContactRow | undefined> {
  const lowered = emails.map((email) => email.toLowerCase());
  const rows = await executor
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(sql<string>`lower(${contacts.email})`, lowered)));
  const rank = (row: ContactRow) => lowered.indexOf(row.email?.toLowerCase() ?? "");
  return rows.sort((a, b) => rank(a) - rank(b))[0];
}

/** Returns the one contact, not trashed, with exactly this name, or undefined when none or several have it. */
async function findContactByName(executor: Executor, workspaceId: string, name: string): Promise<ContactRow | undefined> {
  const rows = await executor
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.name, name), ne(contacts.status, "trashed")))
    .limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

/** Returns the company with this name ignoring case, preferring one that is not trashed, then the oldest. */
async function findCompanyByName(executor: Executor, workspaceId: string, name: string) {
  const [row] = await executor
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(sql`lower(${companies.name})`, name.toLowerCase())))
    .orderBy(sql`${companies.status} = 'trashed'`, asc(companies.createdAt), asc(companies.id))
    .limit(1);
  return row;
}

async function findMembership(executor: Executor, workspaceId: string, contactId: string, companyId: string) {
  const [row] = await executor
    .select({ roleInCompany: memberships.roleInCompany, department: memberships.department })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.contactId, contactId),
        eq(memberships.companyId, companyId),
      ),
    );
  return row;
}
