import { interactionParties, interactions, isUniqueViolation, runInTransaction, type Executor } from "@crm/db";
import {
  DomainError,
  INTERACTION_ACTIVITY_RESOURCE_TYPE,
  buildInteractionActivityMetadata,
  fieldErrorsFromZod,
  interactionCreateInputSchema,
  planCreateInteraction,
  validationError,
  type FieldErrors,
  type Interaction,
  type InteractionCreateInput,
} from "@crm/domain";
import { eq, inArray } from "drizzle-orm";

import type { Actor, ServiceContext } from "../../context";
import { recordActivity } from "../activity";
import { attachFiles } from "../files";
import { createSnapshotLookup } from "../snapshot-lookup";
import { loadInteraction } from "./load-interactions";
import { involvedContactIds, notifyContacts } from "./notices";
import { insertPartyRows } from "./party-rows";

export const INTERACTION_ID_TAKEN = "an interaction with this id already exists; leave the id out to get a new one";
export const PARTY_ID_TAKEN = "a party with this id already exists; leave the id out to get a new one";

/**
 * Logs an interaction in one transaction: the interaction, its parties with
 * their snapshots, its file links and the `interaction.logged` activity entry.
 * Any error writes nothing. After commit, the subject's and the parties'
 * feeds are notified. The owner is the actor, never taken from input.
 */
export async function createInteraction(
  services: ServiceContext,
  actor: Actor,
  input: InteractionCreateInput,
): Promise<Interaction> {
  const parsed = interactionCreateInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  const fileIds = parsed.data.fileIds ?? [];

  const created = await runInTransaction(
    services.db,
    async (tx) => {
      // 1. Client-supplied ids must be new everywhere, not only in this workspace.
      const suppliedId = parsed.data.interaction.id;
      if (suppliedId !== undefined && (await interactionIdExists(tx, suppliedId))) throw interactionIdTaken();

      // 2. Plan with the domain rules over this transaction's view of the data.
      const now = services.now();
      const planned = await planCreateInteraction(parsed.data, {
        lookup: createSnapshotLookup(tx, actor.workspaceId),
        now,
        newId: services.newId,
        ownerUserId: actor.userId,
        workspaceId: actor.workspaceId,
      });
      if (!planned.ok) throw validationError(planned.errors);
      const { interaction } = planned;

      await assertPartyIdsAreNew(tx, interaction, parsed.data.parties ?? []);

      // 3. Store the interaction and its parties.
      const { parties: _parties, files: _files, ...row } = interaction;
      await tx.insert(interactions).values(row);
      await insertPartyRows(tx, interaction, interaction.parties);

      // 4. Link the staged files.
      if (fileIds.length > 0) await attachFiles(tx, actor, interaction.id, fileIds);

      // 5. Audit log.
      await recordActivity(tx, {
        id: services.newId(),
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: "interaction.logged",
        resourceType: INTERACTION_ACTIVITY_RESOURCE_TYPE,
        resourceId: interaction.contactId,
        metadata: buildInteractionActivityMetadata({ interaction, addedParties: interaction.parties }),
        createdAt: now,
      });

      return loadInteraction(tx, actor.workspaceId, interaction.id);
    },
    { isolationLevel: "repeatable read" },
  ).catch(rethrowIdConflict);
  if (created === null) throw new Error("The interaction just created could not be read back.");

  services.logger.info(
    { workspaceId: actor.workspaceId, userId: actor.userId, interactionId: created.id, contactId: created.contactId },
    "interaction logged",
  );
  await notifyContacts(services, actor, involvedContactIds(created));
  return created;
}

/** Tells whether an interaction id is taken, in any workspace. */
export async function interactionIdExists(executor: Executor, id: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: interactions.id })
    .from(interactions)
    .where(eq(interactions.id, id.toLowerCase()))
    .limit(1);
  return row !== undefined;
}

async function assertPartyIdsAreNew(
  tx: Executor,
  interaction: Interaction,
  partyInputs: readonly { readonly id?: string | undefined }[],
): Promise<void> {
  const suppliedIds = interaction.parties
    .map((party) => party.id)
    .filter((id) => partyInputs.some((input) => input.id?.toLowerCase() === id));
  if (suppliedIds.length === 0) return;
  const taken = await tx
    .select({ id: interactionParties.id })
    .from(interactionParties)
    .where(inArray(interactionParties.id, suppliedIds));
  if (taken.length === 0) return;

  const errors: Record<string, string[]> = {};
  for (const { id } of taken) {
    const index = partyInputs.findIndex((input) => input.id?.toLowerCase() === id);
    errors[`parties.${index}.id`] = [PARTY_ID_TAKEN];
  }
  throw new DomainError("CONFLICT", "a party id already exists; leave party ids out to get new ones", errors);
}

/** Two creates racing with the same client id: the loser gets the same CONFLICT as a late one. */
function rethrowIdConflict(error: unknown): never {
  if (isUniqueViolation(error, "interactions_pkey")) throw interactionIdTaken();
  throw error;
}

function interactionIdTaken(): DomainError {
  const fieldErrors: FieldErrors = { "interaction.id": [INTERACTION_ID_TAKEN] };
  return new DomainError("CONFLICT", `interaction.id: ${INTERACTION_ID_TAKEN}`, fieldErrors);
}
