import { interactionParties, type Transaction } from "@crm/db";
import { partyIdentity, type Interaction, type Party } from "@crm/domain";
import { and, eq, inArray } from "drizzle-orm";

import { executePrepared } from "../prepared-query";

/**
 * The maximum number of party rows inserted by a prepared statement. The
 * statement's text grows with the number of rows, and postgres.js keeps each
 * prepared text on its connection, so larger inserts go unprepared.
 */
const PREPARED_PARTY_ROWS_MAX = 16;

/** Inserts new party rows of an interaction; the database copies its feed keys onto them. */
export async function insertPartyRows(
  tx: Transaction,
  interaction: Pick<Interaction, "id" | "workspaceId" | "occurredAt" | "createdAt">,
  parties: readonly Party[],
): Promise<void> {
  if (parties.length === 0) return;
  const insert = tx.insert(interactionParties).values(
    parties.map((party) => ({
      id: party.id,
      workspaceId: interaction.workspaceId,
      interactionId: interaction.id,
      rawName: party.rawName,
      contactId: party.contactId,
      staffPersonId: party.staffPersonId,
      snapshot: party.snapshot,
      position: party.position,
      identity: partyIdentity(party),
      occurredAt: interaction.occurredAt,
      createdAt: interaction.createdAt,
    })),
  );
  if (parties.length <= PREPARED_PARTY_ROWS_MAX) await executePrepared(insert, "insert_interaction_parties");
  else await insert;
}

/**
 * Brings an interaction's party rows from `before` to `after`: removed rows
 * are deleted, kept rows get their new position and name in place (id and
 * snapshot untouched), new rows are inserted. Deleting first frees the
 * (interaction, identity) pair for a party removed and added back.
 */
export async function replacePartyRows(
  tx: Transaction,
  interaction: Pick<Interaction, "id" | "workspaceId" | "occurredAt" | "createdAt">,
  before: readonly Party[],
  after: readonly Party[],
): Promise<void> {
  const afterIds = new Set(after.map((party) => party.id));
  const beforeById = new Map(before.map((party) => [party.id, party]));

  const removedIds = before.filter((party) => !afterIds.has(party.id)).map((party) => party.id);
  if (removedIds.length > 0) {
    await tx
      .delete(interactionParties)
      .where(and(eq(interactionParties.interactionId, interaction.id), inArray(interactionParties.id, removedIds)));
  }

  for (const party of after) {
    const old = beforeById.get(party.id);
    if (old === undefined || (old.position === party.position && old.rawName === party.rawName)) continue;
    await tx
      .update(interactionParties)
      .set({ position: party.position, rawName: party.rawName })
      .where(and(eq(interactionParties.interactionId, interaction.id), eq(interactionParties.id, party.id)));
  }

  await insertPartyRows(
    tx,
    interaction,
    after.filter((party) => !beforeById.has(party.id)),
  );
}
