import { isUniqueViolation, runInTransaction, sessions, users, workspaces, type Executor, type UserRow } from "@crm/db";
import type { ParsedSignUpInput, User } from "@crm/domain";
import { TRPCError } from "@trpc/server";
import { and, eq, gt, sql } from "drizzle-orm";

import { hashPassword, verifyPassword } from "../auth/password";
import { createSessionToken, hashSessionToken } from "../auth/tokens";
import type { Actor, ServiceContext } from "../context";
import { fieldConflict } from "./field-conflict";
import { EMAIL_TAKEN_MESSAGE, getUser, toUser } from "./users";

/** How long a session lasts after sign-in. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** A session's last_seen_at is written at most this often, so reads do not each cost a write. */
export const LAST_SEEN_INTERVAL_MS = 60 * 1000;

/** The same message for an unknown email, a wrong password and a deactivated user, so it reveals none of them. */
export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect.";

/** A new session. The token goes to the client once (cookie or bearer), and only its hash is stored. */
export interface SignedIn {
  readonly token: string;
  readonly user: User;
  readonly expiresAt: Date;
}

/**
 * Signs a user in by email (ignoring case) and password and opens a session.
 * Throws a TRPCError UNAUTHORIZED with one message for every failure, because
 * the domain errors have no "not signed in" code; code outside tRPC checks
 * `error.code === "UNAUTHORIZED"`.
 */
export async function login(
  services: ServiceContext,
  input: { readonly email: string; readonly password: string },
): Promise<SignedIn> {
  const [row] = await services.db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email.trim().toLowerCase()));

  // An unknown email still costs one hash, so response times do not reveal which emails exist.
  const passwordMatches = await verifyPassword(input.password, row?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
  if (!row || !passwordMatches || row.status !== "active") {
    services.logger.info({ userId: row?.id }, "sign-in rejected");
    throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS_MESSAGE });
  }

  const session = await openSession(services, services.db, row);
  services.logger.info({ workspaceId: row.workspaceId, userId: row.id }, "signed in");
  return { ...session, user: toUser(row) };
}

/** Ends the actor's session. Ending a session that is already gone changes nothing. */
export async function logout(services: ServiceContext, actor: Actor): Promise<void> {
  await services.db
    .delete(sessions)
    .where(and(eq(sessions.id, actor.sessionId), eq(sessions.userId, actor.userId)));
  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId }, "signed out");
}

/**
 * Returns the actor a session token (cookie or bearer) belongs to, or null when
 * the token is unknown, the session expired or the user was deactivated.
 * Refreshes last_seen_at at most once per LAST_SEEN_INTERVAL_MS.
 */
export async function resolveSession(services: ServiceContext, token: string): Promise<Actor | null> {
  // Tokens are 43 characters, so anything far longer is not worth hashing.
  if (token === "" || token.length > 256) return null;
  const now = services.now();

  const [found] = await services.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSessionToken(token)), gt(sessions.expiresAt, now)));
  if (!found || found.user.status !== "active" || found.user.workspaceId !== found.session.workspaceId) return null;

  const { session, user } = found;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_MS) {
    await services.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }

  return {
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    staffPersonId: user.staffPersonId,
    contactId: user.contactId,
    sessionId: session.id,
  };
}

/**
 * Creates a workspace with the new user as its admin, and signs them in.
 * An email already used anywhere in the installation is a CONFLICT on `email`.
 */
export async function signUp(services: ServiceContext, input: ParsedSignUpInput): Promise<SignedIn> {
  // Hashing is slow, so it happens before the transaction opens.
  const passwordHash = await hashPassword(input.password);
  const now = services.now();

  try {
    const signedIn = await runInTransaction(services.db, async (tx) => {
      const workspaceId = services.newId();
      await tx.insert(workspaces).values({ id: workspaceId, name: input.workspaceName, createdAt: now, updatedAt: now });

      const [row] = await tx
        .insert(users)
        .values({
          id: services.newId(),
          workspaceId,
          email: input.email,
          name: input.name,
          passwordHash,
          role: "admin",
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (row === undefined) throw new Error("Inserting a user returned no row.");

      const session = await openSession(services, tx, row);
      return { ...session, user: toUser(row) };
    });
    services.logger.info(
      { workspaceId: signedIn.user.workspaceId, userId: signedIn.user.id },
      "workspace created by sign-up",
    );
    return signedIn;
  } catch (error) {
    if (isUniqueViolation(error, "users_email_unique")) {
      throw fieldConflict("email", EMAIL_TAKEN_MESSAGE);
    }
    throw error;
  }
}

/** Returns the actor's own user, or null when it no longer exists. */
export async function me(services: ServiceContext, actor: Actor): Promise<User | null> {
  return getUser(services, actor.workspaceId, actor.userId);
}

/**
 * A well-formed hash with an all-zero key, which no password can be expected to
 * produce, for spending the same time on an unknown email as on a known one.
 */
const UNUSABLE_PASSWORD_HASH = `scrypt$32768$8$1$${"A".repeat(22)}$${"A".repeat(43)}`;

async function openSession(
  services: ServiceContext,
  executor: Executor,
  user: UserRow,
): Promise<{ token: string; expiresAt: Date }> {
  const token = createSessionToken();
  const now = services.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await executor.insert(sessions).values({
    id: services.newId(),
    workspaceId: user.workspaceId,
    userId: user.id,
    tokenHash: hashSessionToken(token),
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { token, expiresAt };
}
