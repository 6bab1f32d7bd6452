import type { Party } from "./entities";
import type { FieldErrors } from "./field-errors";
import { normalizeParties, partyIdentity, toParty, type PartyContext } from "./parties";
import type { PartyInput } from "./schemas";

export type ReconcileResult =
  | {
      readonly ok: true;
      /** The final list in position order, positions renumbered from 0. */
      readonly parties: readonly Party[];
      /** Parties whose identity stays; id and snapshot as before, name and position as given. */
      readonly kept: readonly Party[];
      readonly added: readonly Party[];
      readonly removed: readonly Party[];
    }
  | { readonly ok: false; readonly errors: FieldErrors };

/**
 * Reconciles an interaction's parties with an edited list. `undefined` or
 * `null` leaves them untouched and `[]` removes them all. A party whose
 * identity stays keeps its id, snapshot and capturedAt verbatim, even when the
 * contact was renamed or changed company since. Only new identities get a
 * fresh snapshot.
 */
export async function reconcileParties(
  current: readonly Party[],
  inputs: readonly PartyInput[] | null | undefined,
  context: Omit<PartyContext, "current">,
): Promise<ReconcileResult> {
  const ordered = [...current].sort((a, b) => a.position - b.position);
  if (inputs === null || inputs === undefined) {
    return { ok: true, parties: ordered, kept: ordered, added: [], removed: [] };
  }

  const normalized = await normalizeParties(inputs, { ...context, current: ordered });
  if (!normalized.ok) return normalized;

  const currentIdentities = new Set(ordered.map(partyIdentity));
  const finalIdentities = new Set(normalized.parties.map((party) => party.identity));
  const kept = normalized.parties.filter((party) => currentIdentities.has(party.identity)).map(toParty);
  const added = normalized.parties.filter((party) => !currentIdentities.has(party.identity)).map(toParty);
  const removed = ordered.filter((party) => !finalIdentities.has(partyIdentity(party)));

  return { ok: true, parties: normalized.parties.map(toParty), kept, added, removed };
}

/** Tells whether two party lists differ in anything a reader would see: who, names or order. */
export function partiesDiffer(before: readonly Party[], after: readonly Party[]): boolean {
  if (before.length !== after.length) return true;
  const sortedBefore = [...before].sort((a, b) => a.position - b.position);
  const sortedAfter = [...after].sort((a, b) => a.position - b.position);
  return sortedBefore.some((party, index) => {
    const other = sortedAfter[index];
    return other === undefined || other.id !== party.id || other.rawName !== party.rawName;
  });
}
