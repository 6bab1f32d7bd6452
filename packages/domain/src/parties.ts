import { contactDisplayName, staffDisplayName } from "./display-name";
import type { Party, Snapshot } from "./entities";
import { fieldErrorsFromZod, mergeFieldErrors, type FieldErrors } from "./field-errors";
import { partyInputSchema, type PartyInput } from "./schemas";
import {
  buildContactSnapshot,
  buildFreeTextSnapshot,
  buildStaffSnapshot,
  type SnapshotLookup,
} from "./snapshots";

/** A party ready to store, with the identity that rules 2 and 3 and reconciliation compare. */
export interface PlannedParty extends Party {
  readonly identity: string;
}

export interface PartyContext {
  /** The interaction's subject contact; a party naming it is dropped. */
  readonly subjectContactId: string;
  readonly lookup: SnapshotLookup;
  readonly now: Date;
  readonly newId: () => string;
  /**
   * Parties already on the interaction. An input with the same identity keeps
   * that party's id and snapshot verbatim and needs no lookup.
   */
  readonly current?: readonly Party[];
}

export type PartiesResult =
  | { readonly ok: true; readonly parties: readonly PlannedParty[] }
  | { readonly ok: false; readonly errors: FieldErrors };

/** The fields that decide who a party is. */
export interface PartyReference {
  readonly rawName: string;
  readonly contactId?: string | null;
  readonly staffPersonId?: string | null;
}

export const CONTACT_NOT_FOUND = "contact not found in this workspace";
export const STAFF_PERSON_NOT_FOUND = "staff person not found in this workspace";

/**
 * Returns who a party is: `contact:<id>`, else `staff:<id>`, else
 * `name:<trimmed, lowercased rawName>`. Two inputs with the same identity are
 * the same party.
 */
export function partyIdentity(party: PartyReference): string {
  const contactId = reference(party.contactId);
  if (contactId !== undefined) return `contact:${contactId.toLowerCase()}`;
  const staffPersonId = reference(party.staffPersonId);
  if (staffPersonId !== undefined) return `staff:${staffPersonId.toLowerCase()}`;
  return `name:${party.rawName.trim().toLowerCase()}`;
}

/**
 * Applies the party rules in order and plans the parties to store:
 * 1. a blank free-text input is dropped; a resolved one with a blank name takes
 *    the record's display name;
 * 2. an input naming the subject contact is dropped;
 * 3. inputs with the same identity collapse into the first;
 * 4. any remaining invalid input fails the whole list, with errors keyed
 *    `parties.<index of the original input>.<field>`.
 * Positions count from 0 after the drops.
 */
export async function normalizeParties(
  inputs: readonly PartyInput[],
  context: PartyContext,
): Promise<PartiesResult> {
  const currentByIdentity = new Map((context.current ?? []).map((party) => [partyIdentity(party), party]));
  const subjectIdentity = partyIdentity({ rawName: "", contactId: context.subjectContactId });

  // Rules 1 to 3: choose the inputs that stay, remembering where each came from.
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    const rawName = input.rawName.trim();
    const contactId = reference(input.contactId);
    const staffPersonId = reference(input.staffPersonId);
    if (contactId === undefined && staffPersonId === undefined && rawName === "") return;
    const identity = partyIdentity({ rawName, contactId, staffPersonId });
    if (identity === subjectIdentity || seen.has(identity)) return;
    seen.add(identity);
    candidates.push({ index, identity, input: { id: input.id, rawName, contactId, staffPersonId } });
  });

  // Rule 4: check what is left and resolve it, collecting every error before failing.
  // Ids of current parties stay theirs, kept or removed, so a new party can never take one over.
  const claimedIds = new Map((context.current ?? []).map((party) => [party.id, partyIdentity(party)]));
  const errorLists: FieldErrors[] = [];
  const parties: PlannedParty[] = [];
  for (const candidate of candidates) {
    const planned = await planParty(candidate, parties.length, context, currentByIdentity, claimedIds);
    if ("errors" in planned) errorLists.push(planned.errors);
    else parties.push(planned.party);
  }

  if (errorLists.length > 0) return { ok: false, errors: mergeFieldErrors(...errorLists) };
  return { ok: true, parties };
}

/** Drops the planning-only identity, leaving the party as stored. */
export function toParty(party: PlannedParty): Party {
  const { identity: _identity, ...stored } = party;
  return stored;
}

interface Candidate {
  readonly index: number;
  readonly identity: string;
  readonly input: PartyInput;
}

type PlannedOrErrors = { readonly party: PlannedParty } | { readonly errors: FieldErrors };

async function planParty(
  candidate: Candidate,
  position: number,
  context: PartyContext,
  currentByIdentity: ReadonlyMap<string, Party>,
  claimedIds: Map<string, string>,
): Promise<PlannedOrErrors> {
  const prefix = `parties.${candidate.index}`;
  const parsed = partyInputSchema.safeParse(candidate.input);
  if (!parsed.success) return { errors: fieldErrorsFromZod(parsed.error, prefix) };
  const { id: inputId, rawName, contactId, staffPersonId } = parsed.data;
  const identity = candidate.identity;

  // A kept party is history: its id and snapshot never change, only its name and position.
  const existing = currentByIdentity.get(identity);
  if (existing) {
    return { party: { ...existing, rawName: rawName || existing.rawName, position, identity } };
  }

  if (inputId !== undefined) {
    const owner = claimedIds.get(inputId);
    if (owner !== undefined && owner !== identity) {
      return { errors: { [`${prefix}.id`]: ["belongs to another party; leave it out to get a new id"] } };
    }
    claimedIds.set(inputId, identity);
  }
  const id = inputId ?? context.newId();

  let name = rawName;
  let snapshot: Snapshot;
  if (contactId) {
    const contact = await context.lookup.getContact(contactId);
    if (!contact) return { errors: { [`${prefix}.contactId`]: [CONTACT_NOT_FOUND] } };
    name ||= contactDisplayName(contact);
    snapshot = buildContactSnapshot(contact, context.now);
  } else if (staffPersonId) {
    const staff = await context.lookup.getStaffPerson(staffPersonId);
    if (!staff) return { errors: { [`${prefix}.staffPersonId`]: [STAFF_PERSON_NOT_FOUND] } };
    name ||= staffDisplayName(staff);
    snapshot = buildStaffSnapshot(staff, context.now);
  } else {
    snapshot = buildFreeTextSnapshot(context.now);
  }

  return {
    party: {
      id,
      rawName: name,
      contactId: contactId ?? null,
      staffPersonId: staffPersonId ?? null,
      snapshot,
      position,
      identity,
    },
  };
}

/** Returns the reference when it is a non-blank string, because forms send "" for "none". */
function reference(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
