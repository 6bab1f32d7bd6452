import type { PartyCandidate } from "@crm/client";
import { partyIdentity, type PartyReference } from "@crm/domain";

/**
 * The people the interaction already involves. The picker leaves them out because
 * the party rules drop the subject contact and collapse parties of one identity.
 */
export interface TakenParties {
  /** Identities of the subject contact and of every chip. */
  readonly identities: ReadonlySet<string>;
  /** The subject contact's display name, or null until the replica contains it. */
  readonly subjectName: string | null;
}

export const ALREADY_ADDED = "Already added";

export function takenParties(
  subjectContactId: string,
  subjectName: string | null,
  chips: readonly PartyReference[],
): TakenParties {
  const identities = new Set([partyIdentity({ rawName: "", contactId: subjectContactId }), ...chips.map(partyIdentity)]);
  return { identities, subjectName };
}

/** Returns the candidates that are neither the subject contact nor already a party, in their order. */
export function availableCandidates(candidates: readonly PartyCandidate[], taken: TakenParties): PartyCandidate[] {
  return candidates.filter((candidate) => !taken.identities.has(partyIdentity(candidateReference(candidate))));
}

/**
 * Returns why adding a party is rejected, or null when it can be added. A free-text
 * name equal to the subject contact's name is rejected too, because it names the
 * person the interaction is about.
 */
export function rejectionReason(party: PartyReference, taken: TakenParties): string | null {
  if (taken.identities.has(partyIdentity(party))) return ALREADY_ADDED;
  const freeText = !party.contactId && !party.staffPersonId;
  if (freeText && taken.subjectName !== null && sameName(party.rawName, taken.subjectName)) {
    return `${taken.subjectName} is the subject of this interaction`;
  }
  return null;
}

function candidateReference(candidate: PartyCandidate): PartyReference {
  return candidate.source === "contact"
    ? { rawName: candidate.name, contactId: candidate.id }
    : { rawName: candidate.name, staffPersonId: candidate.id };
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
