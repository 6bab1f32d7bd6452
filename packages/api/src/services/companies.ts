import {
  companies,
  contacts,
  isUniqueViolation,
  memberships,
  runInTransaction,
  type CompanyRow,
  type Executor,
  type MembershipRow,
  type Transaction,
} from "@crm/db";
import {
  DomainError,
  isId,
  validationError,
  type Company,
  type Contact,
  type Membership,
  type ParsedCompanyCreateInput,
  type ParsedCompanyUpdateInput,
  type ParsedMembershipCreateInput,
  type ParsedMembershipUpdateInput,
  type ParsedSearchInput,
} from "@crm/domain";
import { and, asc, eq, max, ne, or, sql } from "drizzle-orm";

import type { Actor, ServiceContext } from "../context";
import { findContactRow, toContact } from "./contacts";
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
import { restoredStatus, trashedStatus, TRASHED_STATUS_MESSAGE } from "./trash";

/** A current member of a company: the contact and its membership there. */
export interface CompanyMember {
  readonly contact: Contact;
  readonly membership: Membership;
}

/** Names a membership by its company and contact, which identify it. */
export interface MembershipKey {
  readonly companyId: string;
  readonly contactId: string;
}

export type MembershipChanges = ParsedMembershipUpdateInput["changes"];

const ID_TAKEN_MESSAGE = "is already used; leave it out to get a new id";
const ALREADY_MEMBER_MESSAGE = "is already a member of this company; change that membership instead";
const PRIMARY_RACE_MESSAGE = "another membership of this contact became primary at the same time; try again";

/** Creates a company. */
export async function createCompany(
  services: ServiceContext,
  actor: Actor,
  input: ParsedCompanyCreateInput,
): Promise<Company> {
  const now = services.now();
  try {
    const [row] = await services.db
      .insert(companies)
      .values({
        id: input.id ?? services.newId(),
        workspaceId: actor.workspaceId,
        name: input.name,
        status: input.status ?? "active",
        website: input.website ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
        industry: input.industry ?? null,
        notes: input.notes ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row === undefined) throw new Error("Inserting a company returned no row.");
    await notifyDirectoryChange(services, actor);
    return toCompany(row);
  } catch (error) {
    if (isUniqueViolation(error, "companies_pkey")) {
      throw fieldConflict("id", ID_TAKEN_MESSAGE);
    }
    throw error;
  }
}

/**
 * Changes a company's fields. Fields left out stay as they are, and null clears
 * an optional one. A trashed company's status changes only through restore.
 */
export async function updateCompany(
  services: ServiceContext,
  actor: Actor,
  input: ParsedCompanyUpdateInput,
): Promise<Company> {
  const { id, changes } = input;
  const row = await runInTransaction(services.db, async (tx) => {
    const current = await findCompanyRow(tx, actor.workspaceId, id);
    if (!current) throw companyNotFound(id);
    if (changes.status !== undefined && current.status === "trashed") {
      throw validationError({ "changes.status": [TRASHED_STATUS_MESSAGE] });
    }

    const [updated] = await tx
      .update(companies)
      .set({ ...changes, updatedAt: services.now() })
      .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)))
      .returning();
    return updated;
  });
  if (row === undefined) throw companyNotFound(id);

  await notifyDirectoryChange(services, actor, await memberContactIds(services.db, actor.workspaceId, id));
  return toCompany(row);
}

/** Returns a company, or null for a missing, foreign or malformed id. */
export async function getCompany(services: ServiceContext, actor: Actor, id: string): Promise<Company | null> {
  const row = await findCompanyRow(services.db, actor.workspaceId, id);
  return row ? toCompany(row) : null;
}

/** Lists companies in name order, one page at a time, without trashed ones unless asked. */
export async function listCompanies(
  services: ServiceContext,
  actor: Actor,
  input: DirectoryListInput,
): Promise<Page<Company>> {
  const rows = await services.db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, actor.workspaceId),
        input.includeTrashed ? undefined : ne(companies.status, "trashed"),
        afterNameCursor(companies.name, companies.id, input.cursor),
      ),
    )
    .orderBy(...nameOrder(companies.name, companies.id))
    .limit(input.limit + 1);

  const page = toPage(rows, input.limit);
  return { items: page.items.map(toCompany), nextCursor: page.nextCursor };
}

/**
 * Finds companies whose name or email contains the query, ignoring case, in
 * name order. `%`, `_` and `\` match themselves. Trashed companies are left
 * out, and a blank query finds nothing.
 */
export async function searchCompanies(
  services: ServiceContext,
  actor: Actor,
  input: ParsedSearchInput,
): Promise<Company[]> {
  const query = input.query.trim();
  if (query === "") return [];

  const pattern = containsPattern(query);
  const rows = await services.db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, actor.workspaceId),
        ne(companies.status, "trashed"),
        or(ilike(companies.name, pattern), ilike(companies.email, pattern)),
      ),
    )
    .orderBy(...nameOrder(companies.name, companies.id))
    .limit(input.limit);
  return rows.map(toCompany);
}

/** Moves a company to the trash, remembering its status. Trashing a trashed company changes nothing. */
export async function trashCompany(services: ServiceContext, actor: Actor, id: string): Promise<Company> {
  return changeTrashState(services, actor, id, trashedStatus);
}

/** Takes a company out of the trash with the status it had before. Restoring an untrashed company changes nothing. */
export async function restoreCompany(services: ServiceContext, actor: Actor, id: string): Promise<Company> {
  return changeTrashState(services, actor, id, restoredStatus);
}

/**
 * Deletes a company for good with its memberships. Interactions keep the
 * company in their snapshots. Admins only, because the memberships are lost.
 * Members move companies to the trash instead.
 */
export async function deleteCompany(services: ServiceContext, actor: Actor, id: string): Promise<void> {
  if (actor.role !== "admin") {
    throw new DomainError(
      "FORBIDDEN",
      "only an admin may delete a company for good, because its memberships are lost; move it to the trash instead",
    );
  }

  const members = await runInTransaction(services.db, async (tx) => {
    const current = await findCompanyRow(tx, actor.workspaceId, id);
    if (!current) throw companyNotFound(id);
    const contactIds = await memberContactIds(tx, actor.workspaceId, id);
    await tx.delete(companies).where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)));
    return contactIds;
  });

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, companyId: id }, "company deleted");
  await notifyDirectoryChange(services, actor, members);
}

/**
 * Makes a contact a member of a company. A contact has at most one membership
 * per company. Marking it primary unmarks the contact's previous primary one in
 * the same transaction. Without a position it goes after the contact's others.
 */
export async function addMember(
  services: ServiceContext,
  actor: Actor,
  input: ParsedMembershipCreateInput,
): Promise<Membership> {
  const row = await writeMembership(services, async (tx) => {
    const company = await findCompanyRow(tx, actor.workspaceId, input.companyId);
    if (!company) throw companyNotFound(input.companyId);
    const contact = await findContactRow(tx, actor.workspaceId, input.contactId);
    if (!contact) throw validationError({ contactId: ["not found in this workspace"] });

    const existing = await findMembershipRow(tx, actor.workspaceId, input);
    if (existing) {
      throw fieldConflict("contactId", ALREADY_MEMBER_MESSAGE);
    }

    const isPrimary = input.isPrimary ?? false;
    if (isPrimary) await clearPrimary(tx, services, actor.workspaceId, input.contactId);
    const now = services.now();
    const [inserted] = await tx
      .insert(memberships)
      .values({
        id: input.id ?? services.newId(),
        workspaceId: actor.workspaceId,
        companyId: input.companyId,
        contactId: input.contactId,
        roleInCompany: input.roleInCompany ?? null,
        department: input.department ?? null,
        isPrimary,
        position: input.position ?? (await nextPosition(tx, actor.workspaceId, input.contactId)),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return inserted;
  });
  if (row === undefined) throw new Error("Inserting a membership returned no row.");

  await notifyDirectoryChange(services, actor, [input.contactId]);
  return toMembership(row);
}

/**
 * Changes a membership's role, department, primary mark or position. Marking it
 * primary unmarks the contact's previous primary one in the same transaction.
 */
export async function updateMember(
  services: ServiceContext,
  actor: Actor,
  input: MembershipKey & { readonly changes: MembershipChanges },
): Promise<Membership> {
  const { changes } = input;
  const row = await writeMembership(services, async (tx) => {
    const current = await findMembershipRow(tx, actor.workspaceId, input);
    if (!current) throw membershipNotFound(input);

    if (changes.isPrimary === true && !current.isPrimary) {
      await clearPrimary(tx, services, actor.workspaceId, input.contactId);
    }
    const [updated] = await tx
      .update(memberships)
      .set({ ...changes, updatedAt: services.now() })
      .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.id, current.id)))
      .returning();
    return updated;
  });
  if (row === undefined) throw membershipNotFound(input);

  await notifyDirectoryChange(services, actor, [input.contactId]);
  return toMembership(row);
}

/** Ends a contact's membership of a company. */
export async function removeMember(services: ServiceContext, actor: Actor, input: MembershipKey): Promise<void> {
  if (!isId(input.companyId) || !isId(input.contactId)) throw membershipNotFound(input);
  const removed = await services.db
    .delete(memberships)
    .where(
      and(
        eq(memberships.workspaceId, actor.workspaceId),
        eq(memberships.companyId, input.companyId),
        eq(memberships.contactId, input.contactId),
      ),
    )
    .returning({ id: memberships.id });
  if (removed.length === 0) throw membershipNotFound(input);

  await notifyDirectoryChange(services, actor, [input.contactId]);
}

/**
 * Lists a company's members in name order, without trashed contacts. Returns []
 * for a missing, foreign or malformed company id.
 */
export async function listMembers(
  services: ServiceContext,
  actor: Actor,
  companyId: string,
): Promise<CompanyMember[]> {
  if (!isId(companyId)) return [];
  const rows = await services.db
    .select({ contact: contacts, membership: memberships })
    .from(memberships)
    .innerJoin(contacts, and(eq(contacts.id, memberships.contactId), eq(contacts.workspaceId, actor.workspaceId)))
    .where(
      and(
        eq(memberships.workspaceId, actor.workspaceId),
        eq(memberships.companyId, companyId),
        ne(contacts.status, "trashed"),
      ),
    )
    .orderBy(sql`lower(${contacts.name})`, asc(contacts.id));
  return rows.map((row) => ({ contact: toContact(row.contact), membership: toMembership(row.membership) }));
}

export function toCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    website: row.website,
    email: row.email,
    phone: row.phone,
    address: row.address,
    industry: row.industry,
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toMembership(row: MembershipRow): Membership {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    companyId: row.companyId,
    contactId: row.contactId,
    roleInCompany: row.roleInCompany,
    department: row.department,
    isPrimary: row.isPrimary,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function findCompanyRow(executor: Executor, workspaceId: string, id: string): Promise<CompanyRow | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await executor
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
  return row;
}

async function findMembershipRow(
  executor: Executor,
  workspaceId: string,
  key: MembershipKey,
): Promise<MembershipRow | undefined> {
  if (!isId(key.companyId) || !isId(key.contactId)) return undefined;
  const [row] = await executor
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.companyId, key.companyId),
        eq(memberships.contactId, key.contactId),
      ),
    );
  return row;
}

async function changeTrashState(
  services: ServiceContext,
  actor: Actor,
  id: string,
  nextStatus: typeof trashedStatus | typeof restoredStatus,
): Promise<Company> {
  const { row, changed } = await runInTransaction(services.db, async (tx) => {
    const current = await findCompanyRow(tx, actor.workspaceId, id);
    if (!current) throw companyNotFound(id);
    const status = nextStatus(current);
    if (!status) return { row: current, changed: false };

    const [updated] = await tx
      .update(companies)
      .set({ ...status, updatedAt: services.now() })
      .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)))
      .returning();
    return { row: updated ?? current, changed: true };
  });

  if (changed) await notifyDirectoryChange(services, actor, await memberContactIds(services.db, actor.workspaceId, id));
  return toCompany(row);
}

/**
 * Runs a membership write in a transaction. The database allows one primary
 * membership per contact. When a concurrent write marked another one primary
 * first, the caller gets a CONFLICT on `isPrimary` and may retry.
 */
async function writeMembership<T>(services: ServiceContext, write: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await runInTransaction(services.db, write);
  } catch (error) {
    if (isUniqueViolation(error, "memberships_one_primary_per_contact")) {
      throw fieldConflict("isPrimary", PRIMARY_RACE_MESSAGE);
    }
    if (isUniqueViolation(error, "memberships_contact_company_unique")) {
      throw fieldConflict("contactId", ALREADY_MEMBER_MESSAGE);
    }
    if (isUniqueViolation(error, "memberships_pkey")) {
      throw fieldConflict("id", ID_TAKEN_MESSAGE);
    }
    throw error;
  }
}

async function clearPrimary(
  tx: Transaction,
  services: ServiceContext,
  workspaceId: string,
  contactId: string,
): Promise<void> {
  await tx
    .update(memberships)
    .set({ isPrimary: false, updatedAt: services.now() })
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.contactId, contactId),
        eq(memberships.isPrimary, true),
      ),
    );
}

/** Returns the position after the contact's last membership, or 0 for its first. */
async function nextPosition(tx: Transaction, workspaceId: string, contactId: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(memberships.position) })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.contactId, contactId)));
  return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
}

async function memberContactIds(executor: Executor, workspaceId: string, companyId: string): Promise<string[]> {
  if (!isId(companyId)) return [];
  const rows = await executor
    .select({ contactId: memberships.contactId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.companyId, companyId)));
  return rows.map((row) => row.contactId);
}

function companyNotFound(id: string): DomainError {
  return new DomainError("NOT_FOUND", `No company with id ${id} in this workspace.`);
}

function membershipNotFound(key: MembershipKey): DomainError {
  return new DomainError(
    "NOT_FOUND",
    `Contact ${key.contactId} is not a member of company ${key.companyId} in this workspace.`,
  );
}
