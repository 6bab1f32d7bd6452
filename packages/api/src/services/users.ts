import {
  contacts,
  isUniqueViolation,
  runInTransaction,
  sessions,
  staffPersons,
  users,
  type Executor,
  type Transaction,
  type UserRow,
} from "@crm/db";
import {
  DomainError,
  assertCanManageUsers,
  isId,
  validationError,
  type ParsedUserCreateInput,
  type ParsedUserUpdateInput,
  type User,
} from "@crm/domain";
import { and, asc, eq, ne, sql } from "drizzle-orm";

import { hashPassword } from "../auth/password";
import type { Actor, ServiceContext } from "../context";
import { fieldConflict } from "./field-conflict";

/** The changes an admin may make to a user: the domain's fields plus the staff and contact links. */
export type UserChanges = ParsedUserUpdateInput["changes"] & {
  readonly staffPersonId?: string | null;
  readonly contactId?: string | null;
};

export const EMAIL_TAKEN_MESSAGE = "is already used by another account; sign in or use another address";

/** Creates a user in the actor's workspace. Admins only. The email must be unused across the installation. */
export async function createUser(
  services: ServiceContext,
  actor: Actor,
  input: ParsedUserCreateInput,
): Promise<User> {
  assertCanManageUsers(actor);
  const passwordHash = await hashPassword(input.password);
  const now = services.now();
  const id = services.newId();

  try {
    const [row] = await services.db
      .insert(users)
      .values({
        id,
        workspaceId: actor.workspaceId,
        email: input.email,
        name: input.name,
        passwordHash,
        role: input.role,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row === undefined) throw new Error("Inserting a user returned no row.");
    services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, createdUserId: id }, "user created");
    return toUser(row);
  } catch (error) {
    if (isUniqueViolation(error, "users_email_unique")) {
      throw fieldConflict("email", EMAIL_TAKEN_MESSAGE);
    }
    throw error;
  }
}

/** Lists the users of the actor's workspace, deactivated ones included, by name. Admins only. */
export async function listUsers(services: ServiceContext, actor: Actor): Promise<User[]> {
  assertCanManageUsers(actor);
  const rows = await services.db
    .select()
    .from(users)
    .where(eq(users.workspaceId, actor.workspaceId))
    .orderBy(sql`lower(${users.name})`, asc(users.id));
  return rows.map(toUser);
}

/**
 * Changes a user's name, email, password, role or links. Admins only. A link
 * must name a staff person or contact of the workspace that no other user is
 * linked to. The last active admin keeps the admin role. A new password ends
 * the user's other sessions.
 */
export async function updateUser(
  services: ServiceContext,
  actor: Actor,
  input: { readonly id: string; readonly changes: UserChanges },
): Promise<User> {
  assertCanManageUsers(actor);
  const { id, changes } = input;
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);

  try {
    const row = await runInTransaction(services.db, async (tx) => {
      const current = await findUserRow(tx, actor.workspaceId, id);
      if (!current) throw userNotFound(id);

      if (changes.role === "member" && current.role === "admin" && current.status === "active") {
        await assertAnotherActiveAdmin(tx, actor.workspaceId, id, "changes.role");
      }
      if (changes.staffPersonId) await assertLinkable(tx, actor.workspaceId, id, "staffPersonId", changes.staffPersonId);
      if (changes.contactId) await assertLinkable(tx, actor.workspaceId, id, "contactId", changes.contactId);

      const [updated] = await tx
        .update(users)
        .set({
          email: changes.email,
          name: changes.name,
          role: changes.role,
          passwordHash,
          staffPersonId: changes.staffPersonId,
          contactId: changes.contactId,
          updatedAt: services.now(),
        })
        .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, id)))
        .returning();
      if (passwordHash !== undefined) {
        await tx.delete(sessions).where(and(eq(sessions.userId, id), ne(sessions.id, actor.sessionId)));
      }
      return updated;
    });
    if (row === undefined) throw userNotFound(id);
    return toUser(row);
  } catch (error) {
    throw linkConflict(error) ?? error;
  }
}

/**
 * Deactivates a user, which ends their sessions and stops them signing in.
 * Admins only. An admin cannot deactivate their own account or the last active
 * admin. Deactivating a deactivated user changes nothing.
 */
export async function deactivateUser(services: ServiceContext, actor: Actor, id: string): Promise<User> {
  assertCanManageUsers(actor);
  if (id === actor.userId) {
    throw new DomainError("FORBIDDEN", "you cannot deactivate your own account; ask another admin to do it");
  }

  const row = await runInTransaction(services.db, async (tx) => {
    const current = await findUserRow(tx, actor.workspaceId, id);
    if (!current) throw userNotFound(id);
    if (current.status === "deactivated") return current;

    if (current.role === "admin") await assertAnotherActiveAdmin(tx, actor.workspaceId, id, undefined);
    const [updated] = await tx
      .update(users)
      .set({ status: "deactivated", updatedAt: services.now() })
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, id)))
      .returning();
    await tx.delete(sessions).where(eq(sessions.userId, id));
    return updated;
  });
  if (row === undefined) throw userNotFound(id);

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, deactivatedUserId: id }, "user deactivated");
  return toUser(row);
}

/** Returns a user of the workspace, or null for a missing or malformed id. */
export async function getUser(services: ServiceContext, workspaceId: string, id: string): Promise<User | null> {
  const row = await findUserRow(services.db, workspaceId, id);
  return row ? toUser(row) : null;
}

/**
 * Turns a users row into the entity, leaving out the password hash.
 * NOTE: the table stores a status, not a deactivation time, so a deactivated
 * user's `deactivatedAt` is the time of its last change.
 */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    name: row.name,
    role: row.role,
    staffPersonId: row.staffPersonId,
    contactId: row.contactId,
    deactivatedAt: row.status === "deactivated" ? row.updatedAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function findUserRow(executor: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await executor
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return row;
}

/**
 * Throws CONFLICT unless an active admin other than `userId` remains. The admin
 * rows are locked, so two admins demoting each other at once cannot both succeed.
 */
async function assertAnotherActiveAdmin(
  tx: Transaction,
  workspaceId: string,
  userId: string,
  field: string | undefined,
): Promise<void> {
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        ne(users.id, userId),
      ),
    )
    .for("update");
  if (others.length > 0) return;

  const message = "is the last active admin of this workspace; make another user an admin first";
  throw new DomainError(
    "CONFLICT",
    `${field ?? "user"}: ${message}`,
    field === undefined ? undefined : { [field]: [message] },
  );
}

/** Throws a field error unless the staff person or contact exists in the workspace and no other user links to it. */
async function assertLinkable(
  tx: Transaction,
  workspaceId: string,
  userId: string,
  link: "staffPersonId" | "contactId",
  targetId: string,
): Promise<void> {
  const field = `changes.${link}`;
  const table = link === "staffPersonId" ? staffPersons : contacts;
  const [target] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, targetId)));
  if (!target) throw validationError({ [field]: ["not found in this workspace"] });

  const column = link === "staffPersonId" ? users.staffPersonId : users.contactId;
  const [linked] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(column, targetId), ne(users.id, userId)));
  if (linked) throw linkedElsewhere(field);
}

/** Maps a unique violation of a user column to the field error a form shows, or returns undefined. */
function linkConflict(error: unknown): DomainError | undefined {
  if (isUniqueViolation(error, "users_email_unique")) {
    return fieldConflict("changes.email", EMAIL_TAKEN_MESSAGE);
  }
  if (isUniqueViolation(error, "users_staff_person_unique")) return linkedElsewhere("changes.staffPersonId");
  if (isUniqueViolation(error, "users_contact_unique")) return linkedElsewhere("changes.contactId");
  return undefined;
}

function linkedElsewhere(field: string): DomainError {
  return fieldConflict(field, "is already linked to another user; unlink it there first");
}

function userNotFound(id: string): DomainError {
  return new DomainError("NOT_FOUND", `No user with id ${id} in this workspace.`);
}
