import type { Interaction, Party } from "./entities";
import { EDITABLE_INTERACTION_FIELDS, type EditableInteractionField } from "./interaction-plan";
import { partyIdentity, type PartyReference } from "./parties";
import {
  interactionChangesSchema,
  type InteractionChanges,
  type ParsedInteractionChanges,
  type PartyInput,
} from "./schemas";
import { valuesEqual } from "./values-equal";

/** The interaction as the editor saw it: its editable fields and its parties. */
export type InteractionEditBase = Pick<Interaction, EditableInteractionField> & {
  readonly parties: readonly PartyReference[];
};

/** The state the edit is merged into: the interaction as stored now. */
export type InteractionMergeTarget = Pick<
  Interaction,
  EditableInteractionField | "contactId" | "updatedAt"
> & {
  readonly parties: readonly Party[];
};

/** An edit computed against `base`: the fields it sets and, optionally, the whole party list it wants. */
export interface InteractionEdit {
  readonly changes: InteractionChanges;
  readonly parties?: readonly PartyInput[] | null;
}

export interface MergeInput {
  readonly base: InteractionEditBase;
  readonly edit: InteractionEdit;
  readonly current: InteractionMergeTarget;
  /** When the edit was made; decides a field both sides changed differently. */
  readonly editedAt: Date;
}

export interface MergeResult {
  /** Update input for `planUpdateInteraction(current, { id, ...result })`. */
  readonly changes: InteractionChanges;
  readonly parties: PartyInput[] | undefined;
  /** Fields both sides changed to different values: `type`, `subject`, ..., or `parties`. */
  readonly conflicts: readonly string[];
}

/**
 * Merges an edit made against an older state into the current one.
 * A field the edit changed is applied, and a field only `current` changed survives.
 * A field both changed differently goes to the later side (the edit on a tie) and is reported.
 * Parties merge by identity: what the edit added is added, what it removed is
 * removed, and what `current` added meanwhile survives.
 */
export function mergeInteractionEdit({ base, edit, current, editedAt }: MergeInput): MergeResult {
  // Invalid changes are passed through untouched so planning reports them.
  const parsedChanges = interactionChangesSchema.safeParse(edit.changes);
  if (!parsedChanges.success) {
    return { changes: edit.changes, parties: edit.parties ? [...edit.parties] : undefined, conflicts: [] };
  }
  const editWins = editedAt.getTime() >= current.updatedAt.getTime();
  const conflicts: string[] = [];

  // Fields.
  const changes: Partial<ParsedInteractionChanges> = {};
  for (const field of EDITABLE_INTERACTION_FIELDS) {
    const edited = parsedChanges.data[field];
    if (edited === undefined || valuesEqual(edited, base[field])) continue;
    if (valuesEqual(current[field], base[field])) {
      copyField(field, parsedChanges.data, changes);
    } else if (!valuesEqual(current[field], edited)) {
      conflicts.push(field);
      if (editWins) copyField(field, parsedChanges.data, changes);
    }
  }

  // Parties.
  const parties =
    edit.parties === null || edit.parties === undefined
      ? undefined
      : mergeParties(base.parties, edit.parties, current, editWins, conflicts);

  return { changes, parties, conflicts };
}

function mergeParties(
  base: readonly PartyReference[],
  edited: readonly PartyInput[],
  current: InteractionMergeTarget,
  editWins: boolean,
  conflicts: string[],
): PartyInput[] | undefined {
  const subjectIdentity = partyIdentity({ rawName: "", contactId: current.contactId });
  const baseByIdentity = firstByIdentity(base, subjectIdentity);
  const editByIdentity = firstByIdentity(edited, subjectIdentity);
  const currentByIdentity = firstByIdentity(current.parties, subjectIdentity);

  // An edit that leaves the list as it was leaves current's list untouched.
  if (sameParties(baseByIdentity, editByIdentity)) return undefined;

  // The edit's list, minus what current removed meanwhile, with current's ids and names.
  const merged: PartyInput[] = [];
  let nameConflict = false;
  for (const [identity, party] of editByIdentity) {
    const before = baseByIdentity.get(identity);
    const now = currentByIdentity.get(identity);
    if (before && !now) continue;
    if (!now) {
      merged.push(toInput(party));
      continue;
    }
    const editedName = party.rawName.trim();
    const editRenamed = editedName !== "" && (before === undefined || editedName !== before.rawName.trim());
    const currentRenamed = before !== undefined && now.rawName !== before.rawName.trim();
    let rawName = now.rawName;
    if (editRenamed && currentRenamed && editedName !== now.rawName) {
      nameConflict = true;
      if (editWins) rawName = editedName;
    } else if (editRenamed) {
      rawName = editedName;
    }
    merged.push({ id: now.id, rawName, contactId: now.contactId, staffPersonId: now.staffPersonId });
  }
  if (nameConflict) conflicts.push("parties");

  // Parties current added meanwhile, unless the edit named them too.
  for (const [identity, party] of currentByIdentity) {
    if (!baseByIdentity.has(identity) && !editByIdentity.has(identity)) merged.push(toInput(party));
  }
  return merged;
}

/** Parties by identity in list order, without blank free text and the subject, which never count. */
function firstByIdentity<P extends PartyReference>(
  parties: readonly P[],
  subjectIdentity: string,
): Map<string, P> {
  const byIdentity = new Map<string, P>();
  for (const party of parties) {
    const identity = partyIdentity(party);
    if (identity === "name:" || identity === subjectIdentity || byIdentity.has(identity)) continue;
    byIdentity.set(identity, party);
  }
  return byIdentity;
}

function sameParties(
  base: ReadonlyMap<string, PartyReference>,
  edited: ReadonlyMap<string, PartyReference>,
): boolean {
  const baseEntries = [...base];
  const editedEntries = [...edited];
  return (
    baseEntries.length === editedEntries.length &&
    editedEntries.every(([identity, party], index) => {
      const before = baseEntries[index];
      if (before?.[0] !== identity) return false;
      const name = party.rawName.trim();
      return name === "" || name === before[1].rawName.trim();
    })
  );
}

function toInput(party: PartyReference & { readonly id?: string | undefined }): PartyInput {
  return {
    ...(party.id === undefined ? {} : { id: party.id }),
    rawName: party.rawName,
    contactId: party.contactId ?? null,
    staffPersonId: party.staffPersonId ?? null,
  };
}

function copyField<K extends EditableInteractionField>(
  field: K,
  from: Pick<ParsedInteractionChanges, K>,
  to: Partial<Pick<ParsedInteractionChanges, K>>,
): void {
  to[field] = from[field];
}
