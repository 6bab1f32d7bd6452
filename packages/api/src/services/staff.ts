import { isUniqueViolation, runInTransaction, staffPersons, type Executor, type StaffPersonRow } from "@crm/db";
import {
  DomainError,
  assertCanManageStaff,
  isId,
  validationError,
  type ParsedSearchInput,
  type ParsedStaffCreateInput,
  type ParsedStaffUpdateInput,
  type StaffPerson,
} from "@crm/domain";
import { and, eq, ne, or } from "drizzle-orm";

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
import { touchInteractionsReferencing } from "./party-references";
import { restoredStatus, trashedStatus, TRASHED_STATUS_MESSAGE } from "./trash";

const ID_TAKEN_MESSAGE = "is already used; leave it out to get a new id";

/** Creates a staff person. Admins only. */
export async function createStaffPerson(
  services: ServiceContext,
  actor: Actor,
  input: ParsedStaffCreateInput,
): Promise<StaffPerson> {
  assertCanManageStaff(actor);
  const now = services.now();
  try {
    const [row] = await services.db
      .insert(staffPersons)
      .values({
        id: input.id ?? services.newId(),
        workspaceId: actor.workspaceId,
        name: input.name,
        jobTitle: input.jobTitle ?? null,
        employmentType: input.employmentType ?? null,
        email: input.email ?? null,
        status: input.status ?? "active",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row === undefined) throw new Error("Inserting a staff person returned no row.");
    await notifyDirectoryChange(services, actor);
    return toStaffPerson(row);
  } catch (error) {
    if (isUniqueViolation(error, "staff_persons_pkey")) {
      throw fieldConflict("id", ID_TAKEN_MESSAGE);
    }
    throw error;
  }
}

/**
 * Changes a staff person's fields. Admins only. Fields left out stay as they
 * are, and null clears an optional one. A trashed staff person's status
 * changes only through restore.
 */
export async function updateStaffPerson(
  services: ServiceContext,
  actor: Actor,
  input: ParsedStaffUpdateInput,
): Promise<StaffPerson> {
  assertCanManageStaff(actor);
  const { id, changes } = input;
  const row = await runInTransaction(services.db, async (tx) => {
    const current = await findStaffRow(tx, actor.workspaceId, id);
    if (!current) throw staffNotFound(id);
    if (changes.status !== undefined && current.status === "trashed") {
      throw validationError({ "changes.status": [TRASHED_STATUS_MESSAGE] });
    }

    const [updated] = await tx
      .update(staffPersons)
      .set({ ...changes, updatedAt: services.now() })
      .where(and(eq(staffPersons.workspaceId, actor.workspaceId), eq(staffPersons.id, id)))
      .returning();
    return updated;
  });
  if (row === undefined) throw staffNotFound(id);

  await notifyDirectoryChange(services, actor);
  return toStaffPerson(row);
}

/** Returns a staff person, or null for a missing, foreign or malformed id. */
export async function getStaffPerson(services: ServiceContext, actor: Actor, id: string): Promise<StaffPerson | null> {
  const row = await findStaffRow(services.db, actor.workspaceId, id);
  return row ? toStaffPerson(row) : null;
}

/** Lists staff in name order, one page at a time, without trashed ones unless asked. */
export async function listStaff(
  services: ServiceContext,
  actor: Actor,
  input: DirectoryListInput,
): Promise<Page<StaffPerson>> {
  const rows = await services.db
    .select()
    .from(staffPersons)
    .where(
      and(
        eq(staffPersons.workspaceId, actor.workspaceId),
        input.includeTrashed ? undefined : ne(staffPersons.status, "trashed"),
        afterNameCursor(staffPersons.name, staffPersons.id, input.cursor),
      ),
    )
    .orderBy(...nameOrder(staffPersons.name, staffPersons.id))
    .limit(input.limit + 1);

  const page = toPage(rows, input.limit);
  return { items: page.items.map(toStaffPerson), nextCursor: page.nextCursor };
}

/**
 * Finds staff whose name or email contains the query, ignoring case, in name
 * order. `%`, `_` and `\` match themselves. Trashed staff are left out, and a
 * blank query finds nothing.
 */
export async function searchStaff(
  services: ServiceContext,
  actor: Actor,
  input: ParsedSearchInput,
): Promise<StaffPerson[]> {
  const query = input.query.trim();
  if (query === "") return [];

  const pattern = containsPattern(query);
  const rows = await services.db
    .select()
    .from(staffPersons)
    .where(
      and(
        eq(staffPersons.workspaceId, actor.workspaceId),
        ne(staffPersons.status, "trashed"),
        or(ilike(staffPersons.name, pattern), ilike(staffPersons.email, pattern)),
      ),
    )
    .orderBy(...nameOrder(staffPersons.name, staffPersons.id))
    .limit(input.limit);
  return rows.map(toStaffPerson);
}

/** Moves a staff person to the trash, remembering its status. Admins only. */
export async function trashStaffPerson(services: ServiceContext, actor: Actor, id: string): Promise<StaffPerson> {
  return changeTrashState(services, actor, id, trashedStatus);
}

/** Takes a staff person out of the trash with the status it had before. Admins only. */
export async function restoreStaffPerson(services: ServiceContext, actor: Actor, id: string): Promise<StaffPerson> {
  return changeTrashState(services, actor, id, restoredStatus);
}

/**
 * Deletes a staff person for good. Admins only. Parties that referred to them
 * become free text keeping their rawName and snapshot, and a user linked to
 * them loses the link.
 */
export async function deleteStaffPerson(services: ServiceContext, actor: Actor, id: string): Promise<void> {
  assertCanManageStaff(actor);

  const involvedContactIds = await runInTransaction(services.db, async (tx) => {
    const current = await findStaffRow(tx, actor.workspaceId, id);
    if (!current) throw staffNotFound(id);
    const involved = await touchInteractionsReferencing(tx, actor.workspaceId, { staffPersonId: id });
    await tx.delete(staffPersons).where(and(eq(staffPersons.workspaceId, actor.workspaceId), eq(staffPersons.id, id)));
    return involved;
  });

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, staffPersonId: id }, "staff person deleted");
  await notifyDirectoryChange(services, actor, involvedContactIds);
}

export function toStaffPerson(row: StaffPersonRow): StaffPerson {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    jobTitle: row.jobTitle,
    employmentType: row.employmentType,
    email: row.email,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function findStaffRow(executor: Executor, workspaceId: string, id: string): Promise<StaffPersonRow | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await executor
    .select()
    .from(staffPersons)
    .where(and(eq(staffPersons.workspaceId, workspaceId), eq(staffPersons.id, id)));
  return row;
}

async function changeTrashState(
  services: ServiceContext,
  actor: Actor,
  id: string,
  nextStatus: typeof trashedStatus | typeof restoredStatus,
): Promise<StaffPerson> {
  assertCanManageStaff(actor);
  const { row, changed } = await runInTransaction(services.db, async (tx) => {
    const current = await findStaffRow(tx, actor.workspaceId, id);
    if (!current) throw staffNotFound(id);
    const status = nextStatus(current);
    if (!status) return { row: current, changed: false };

    const [updated] = await tx
      .update(staffPersons)
      .set({ ...status, updatedAt: services.now() })
      .where(and(eq(staffPersons.workspaceId, actor.workspaceId), eq(staffPersons.id, id)))
      .returning();
    return { row: updated ?? current, changed: true };
  });

  if (changed) await notifyDirectoryChange(services, actor);
  return toStaffPerson(row);
}

function staffNotFound(id: string): DomainError {
  return new DomainError("NOT_FOUND", `No staff person with id ${id} in this workspace.`);
}
