import { interactions, runInTransaction, type Transaction } from "@crm/db";
import {
  DomainError,
  INTERACTION_ACTIVITY_RESOURCE_TYPE,
  INTERACTION_NOT_FOUND,
  assertCanModifyInteraction,
  buildInteractionActivityMetadata,
  isId,
  type Interaction,
} from "@crm/domain";
import { and, asc, eq } from "drizzle-orm";

import type { Actor, ServiceContext } from "../../context";
import { recordActivity } from "../activity";
import { loadInteraction, loadInteractions } from "./load-interactions";
import { involvedContactIds, notifyContacts, type AfterCommit } from "./notices";

/**
 * Deletes an interaction with its parties and files. Only its owner or an
 * admin may. Writes the `interaction.deleted` activity entry and, after
 * commit, notifies every contact that was involved. Deleting it again, or an
 * id of another workspace, is NOT_FOUND.
 */
export async function deleteInteraction(
  services: ServiceContext,
  actor: Actor,
  input: { readonly id: string },
): Promise<{ readonly id: string }> {
  if (!isId(input.id)) throw notFound();
  const id = input.id.toLowerCase();

  const deleted = await runInTransaction(
    services.db,
    async (tx) => {
      const current = await loadInteraction(tx, actor.workspaceId, id, { forUpdate: true });
      if (current === null) throw notFound();
      assertCanModifyInteraction(actor, current);
      await deleteLoadedInteraction(tx, services, actor, current);
      return current;
    },
    { isolationLevel: "repeatable read" },
  );

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, interactionId: id }, "interaction deleted");
  await notifyContacts(services, actor, involvedContactIds(deleted));
  return { id };
}

/**
 * Deletes, inside the caller's transaction, every interaction whose subject is
 * the contact, each with the same side effects as `deleteInteraction`: parties
 * and files go with it and an `interaction.deleted` entry is written. For the
 * hard delete of a contact, which the caller has already authorised. Returns
 * the function that sends the change notices; call it after commit.
 */
export async function deleteInteractionsOfContact(
  tx: Transaction,
  services: ServiceContext,
  actor: Actor,
  contactId: string,
): Promise<AfterCommit> {
  if (!isId(contactId)) return () => Promise.resolve();

  const rows = await tx
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.workspaceId, actor.workspaceId), eq(interactions.contactId, contactId.toLowerCase())))
    .orderBy(asc(interactions.id))
    .for("update");
  const doomed = await loadInteractions(
    tx,
    actor.workspaceId,
    rows.map((row) => row.id),
  );

  for (const interaction of doomed) await deleteLoadedInteraction(tx, services, actor, interaction);

  const contactIds = doomed.flatMap(involvedContactIds);
  if (doomed.length > 0) {
    services.logger.info(
      { workspaceId: actor.workspaceId, userId: actor.userId, contactId, count: doomed.length },
      "interactions of a deleted contact removed",
    );
  }
  return () => notifyContacts(services, actor, contactIds);
}

/** Deletes a loaded interaction; the database cascades to its parties, files and file contents. */
async function deleteLoadedInteraction(
  tx: Transaction,
  services: ServiceContext,
  actor: Actor,
  interaction: Interaction,
): Promise<void> {
  await tx
    .delete(interactions)
    .where(and(eq(interactions.workspaceId, actor.workspaceId), eq(interactions.id, interaction.id)));

  await recordActivity(tx, {
    id: services.newId(),
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    action: "interaction.deleted",
    resourceType: INTERACTION_ACTIVITY_RESOURCE_TYPE,
    resourceId: interaction.contactId,
    metadata: buildInteractionActivityMetadata({ interaction, removedParties: interaction.parties }),
    createdAt: services.now(),
  });
}

function notFound(): DomainError {
  return new DomainError("NOT_FOUND", `id: ${INTERACTION_NOT_FOUND}`, { id: [INTERACTION_NOT_FOUND] });
}
