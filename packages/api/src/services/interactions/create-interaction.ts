import { interactionParties, interactions, isUniqueViolation, runInTransaction, type Executor } from "@crm/db";
import {
  DomainError,
  INTERACTION_ACTIVITY_RESOURCE_TYPE,
  buildInteractionActivityMetadata,
  fieldErrorsFromZod,
  interactionCreateInputSchema,
  isId,
  planCreateInteraction,
  validationError,
  type FieldErrors,
  type Interaction,
  type InteractionCreateInput,
} from "@crm/domain";
import { eq, sql } from "drizzle-orm";

import type { Actor, ServiceContext } from "../../context";
import { recordActivity } from "../activity";
import { attachFiles } from "../files";
import { executePrepared, idIn } from "../prepared-query";
import { prefetchSnapshotLookup } from "../snapshot-lookup";
import { loadInteraction } from "./load-interactions";
import { involvedContactIds, notifyContacts } from "./notices";
import { insertPartyRows } from "./party-rows";

export const INTERACTION_ID_TAKEN = "an interaction with this id already exists; leave the id out to get a new one";
export const PARTY_ID_TAKEN = "a party with this id already exists; leave the id out to get a new one";

export interface CreateInteractionOptions {
  /**
   * Whether to read the stored interaction back and return it, true by
   * default. A caller that discards the result, such as the sync push, passes
   * false and gets the interaction as planned, with its attached files.
   */
  readonly readBack?: boolean;
}

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
  options: CreateInteractionOptions = {},
): Promise<Interaction> {
  const parsed = interactionCreateInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  const fileIds = parsed.data.fileIds ?? [];
  const partyInputs = parsed.data.parties ?? [];

  const created = await runInTransaction(
    services.db,
    async (tx) => {
      // 1. Client-supplied ids must be new everywhere, not only in this workspace. One statement checks them all.
      const taken = await findTakenIds(tx, parsed.data.interaction.id, partyInputs);
      if (taken.interactionId) throw interactionIdTaken();

      // 2. Plan with the domain rules over this transaction's view of the data.
      const now = services.now();
      const lookup = await prefetchSnapshotLookup(tx, actor.workspaceId, {
        contactIds: [parsed.data.interaction.contactId, ...partyInputs.map((party) => party.contactId?.trim())],
        staffPersonIds: partyInputs.map((party) => party.staffPersonId?.trim()),
      });
      const planned = await planCreateInteraction(parsed.data, {
        lookup,
        now,
        newId: services.newId,
        ownerUserId: actor.userId,
        workspaceId: actor.workspaceId,
      });
      if (!planned.ok) throw validationError(planned.errors);
      const { interaction } = planned;

      assertPartyIdsAreNew(interaction, partyInputs, taken.partyIds);

      // 3. Store the interaction and its parties.
      const { parties: _parties, files: _files, ...row } = interaction;
      await executePrepared(tx.insert(interactions).values(row), "insert_interaction");
      await insertPartyRows(tx, interaction, interaction.parties);

      // 4. Link the staged files.
      const files = fileIds.length > 0 ? await attachFiles(tx, actor, interaction.id, fileIds) : [];

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

      if (options.readBack === false) return { ...interaction, files };
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

interface TakenIds {
  readonly interactionId: boolean;
  /** The supplied party ids that a stored party already has, lower-cased. */
  readonly partyIds: ReadonlySet<string>;
}

/**
 * Finds which of the client-supplied interaction and party ids are already
 * used, in any workspace, in one statement. Malformed party ids are skipped
 * because the party rules reject them.
 */
async function findTakenIds(
  tx: Executor,
  interactionId: string | undefined,
  partyInputs: readonly { readonly id?: string | undefined }[],
): Promise<TakenIds> {
  const partyIds = [...new Set(partyInputs.flatMap((input) => (isId(input.id) ? [input.id.toLowerCase()] : [])))];
  const interactionQuery =
    interactionId === undefined
      ? undefined
      : tx
          .select({ kind: sql<TakenKind>`'interaction'`.as("kind"), id: interactions.id })
          .from(interactions)
          .where(eq(interactions.id, interactionId.toLowerCase()));
  const partyQuery =
    partyIds.length === 0
      ? undefined
      : tx
          .select({ kind: sql<TakenKind>`'party'`.as("kind"), id: interactionParties.id })
          .from(interactionParties)
          .where(idIn(interactionParties.id, partyIds));

  let rows: readonly { readonly kind: TakenKind; readonly id: string }[] = [];
  if (interactionQuery !== undefined && partyQuery !== undefined) {
    rows = await executePrepared(interactionQuery.unionAll(partyQuery), "find_taken_interaction_and_party_ids");
  } else if (interactionQuery !== undefined) {
    rows = await executePrepared(interactionQuery, "find_taken_interaction_id");
  } else if (partyQuery !== undefined) {
    rows = await executePrepared(partyQuery, "find_taken_party_ids");
  }
  return {
    interactionId: rows.some((row) => row.kind === "interaction"),
    partyIds: new Set(rows.filter((row) => row.kind === "party").map((row) => row.id)),
  };
}

type TakenKind = "interaction" | "party";

function assertPartyIdsAreNew(
  interaction: Interaction,
  partyInputs: readonly { readonly id?: string | undefined }[],
  takenIds: ReadonlySet<string>,
): void {
  const taken = interaction.parties
    .map((party) => party.id)
    .filter((id) => takenIds.has(id) && partyInputs.some((input) => input.id?.toLowerCase() === id));
  if (taken.length === 0) return;

  const errors: Record<string, string[]> = {};
  for (const id of taken) {
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
