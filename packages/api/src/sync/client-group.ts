import { replicacheClientGroups, type ReplicacheClientGroupRow, type Transaction } from "@crm/db";
import { DomainError } from "@crm/domain";
import { eq } from "drizzle-orm";

import type { Actor } from "../context";

/**
 * Locks a client group for the rest of the transaction, so pushes and pulls
 * of one group run one after another. Returns undefined for a group never
 * seen. A group of another user, in this workspace or any other, is
 * FORBIDDEN: a client group id is not a credential, the session is.
 */
export async function lockClientGroup(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
): Promise<ReplicacheClientGroupRow | undefined> {
  const [group] = await tx
    .select()
    .from(replicacheClientGroups)
    .where(eq(replicacheClientGroups.id, clientGroupId))
    .for("update");
  if (group !== undefined) assertOwnClientGroup(group, actor, clientGroupId);
  return group;
}

/** Throws FORBIDDEN unless the client group belongs to the actor, in the actor's workspace. */
export function assertOwnClientGroup(
  group: Pick<ReplicacheClientGroupRow, "userId" | "workspaceId">,
  actor: Actor,
  clientGroupId: string,
): void {
  if (group.userId !== actor.userId || group.workspaceId !== actor.workspaceId) {
    throw new DomainError(
      "FORBIDDEN",
      `clientGroupID: client group ${clientGroupId} belongs to another user; sign in as that user or start a new replica`,
    );
  }
}

/** Locks the caller's client group, creating it on first sight. */
export async function lockOrCreateClientGroup(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
): Promise<ReplicacheClientGroupRow> {
  const existing = await lockClientGroup(tx, actor, clientGroupId);
  if (existing !== undefined) return existing;
  return createClientGroup(tx, actor, clientGroupId);
}

/** Creates the caller's client group, which this transaction found missing, and locks it. */
export async function createClientGroup(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
): Promise<ReplicacheClientGroupRow> {
  // A concurrent first sight of the same group makes this a serialization failure, and the retry finds the row.
  await tx
    .insert(replicacheClientGroups)
    .values({ id: clientGroupId, workspaceId: actor.workspaceId, userId: actor.userId })
    .onConflictDoNothing();
  const created = await lockClientGroup(tx, actor, clientGroupId);
  if (created === undefined) throw new Error(`Client group ${clientGroupId} could not be created.`);
  return created;
}
