import {
  INTERACTION_TYPES,
  partyIdentity,
  type FileRef,
  type Interaction,
  type InteractionType,
  type MutatorArgs,
  type PartyInput,
} from "@crm/domain";
import { fromDateTimeInputs, toDateInputValue, toTimeInputValue, userTimeZone } from "../lib/local-time";
import { snapshotDetail } from "./snapshot-detail";

/** A party as the composer shows it: a chip, free text or linked to a contact or staff person. */
export interface PartyChip {
  /** Stable for React and for matching errors; not stored. */
  readonly key: string;
  readonly rawName: string;
  readonly contactId: string | null;
  readonly staffPersonId: string | null;
  /** "role, company" or the job title, shown beside the name. */
  readonly detail: string | null;
}

/** Everything the user typed into the composer; what a draft keeps. */
export interface ComposerValues {
  readonly type: InteractionType;
  /** `YYYY-MM-DD` in the user's zone. */
  readonly date: string;
  /** `HH:MM` in the user's zone. */
  readonly time: string;
  readonly subject: string;
  readonly body: string;
  readonly parties: readonly PartyChip[];
  readonly files: readonly FileRef[];
}

/** The interaction as the editor opened it, for the server's three-way merge. */
export type EditBase = MutatorArgs<"updateInteraction">["base"];

export function emptyComposerValues(now: Date): ComposerValues {
  return {
    type: "note",
    date: toDateInputValue(now),
    time: toTimeInputValue(now),
    subject: "",
    body: "",
    parties: [],
    files: [],
  };
}

/** Prefills the composer for editing an interaction. */
export function composerValuesFromInteraction(interaction: Interaction): ComposerValues {
  const occurredAt = interaction.occurredAt;
  return {
    type: interaction.type,
    date: toDateInputValue(occurredAt),
    time: toTimeInputValue(occurredAt),
    subject: interaction.subject ?? "",
    body: interaction.body ?? "",
    parties: interaction.parties.map((party) => ({
      key: party.id,
      rawName: party.rawName,
      contactId: party.contactId,
      staffPersonId: party.staffPersonId,
      detail: snapshotDetail(party.snapshot),
    })),
    files: interaction.files,
  };
}

/** Returns the merge base of an edit: the interaction exactly as the editor opened it. */
export function editBaseFromInteraction(interaction: Interaction): EditBase {
  return {
    contactId: interaction.contactId,
    type: interaction.type,
    occurredAt: interaction.occurredAt.toISOString(),
    timeZone: interaction.timeZone,
    subject: interaction.subject,
    body: interaction.body,
    metadata: interaction.metadata,
    parties: interaction.parties.map((party) => ({
      rawName: party.rawName,
      contactId: party.contactId,
      staffPersonId: party.staffPersonId,
    })),
  };
}

/** Input for `validateInteractionInput` of a new interaction; null occurredAt means the when-inputs are unreadable. */
export function createInputFromValues(values: ComposerValues, contactId: string, occurredAt: Date) {
  return {
    interaction: {
      contactId,
      type: values.type,
      occurredAt,
      timeZone: userTimeZone(),
      subject: values.subject,
      body: values.body,
    },
    parties: partyInputs(values.parties),
    fileIds: values.files.map((file) => file.id),
  };
}

/**
 * Returns the changes an edit makes against its base: only the fields the user
 * changed, and the party list only when it differs by identity, so the
 * server's merge keeps what others changed meanwhile.
 */
export function updateChangesFromValues(
  values: ComposerValues,
  base: EditBase,
  occurredAt: Date,
): { readonly changes: MutatorArgs<"updateInteraction">["changes"]; readonly parties: PartyInput[] | null } {
  const baseValues = composerValuesFromBase(base);
  const changes: { -readonly [K in keyof MutatorArgs<"updateInteraction">["changes"]]: MutatorArgs<"updateInteraction">["changes"][K] } = {};
  if (values.type !== base.type) changes.type = values.type;
  if (values.date !== baseValues.date || values.time !== baseValues.time) {
    changes.occurredAt = occurredAt.toISOString();
    changes.timeZone = userTimeZone();
  }
  if (values.subject.trim() !== (base.subject ?? "").trim()) changes.subject = values.subject;
  if (values.body !== (base.body ?? "")) changes.body = values.body;

  const nextIdentities = values.parties.map((party) => partyIdentity(party));
  const baseIdentities = base.parties.map((party) => partyIdentity(party));
  const partiesChanged =
    nextIdentities.length !== baseIdentities.length ||
    nextIdentities.some((identity, index) => identity !== baseIdentities[index]);
  return { changes, parties: partiesChanged ? partyInputs(values.parties) : null };
}

/** Reads the when-inputs; null when they do not name a real moment. */
export function occurredAtFromValues(values: ComposerValues): Date | null {
  return fromDateTimeInputs(values.date, values.time);
}

/**
 * Restores composer values from the arguments of a failed `createInteraction`
 * or `updateInteraction`, so the user's text comes back to be fixed and retried.
 * Returns null for arguments of another shape.
 */
export function composerValuesFromFailedArgs(name: string, args: unknown): ComposerValues | null {
  if (!isRecord(args)) return null;
  const now = new Date();

  if (name === "createInteraction" && isRecord(args.interaction)) {
    const fields = args.interaction;
    return {
      ...whenValues(typeof fields.occurredAt === "string" ? fields.occurredAt : undefined, now),
      type: interactionType(fields.type),
      subject: stringOr(fields.subject, ""),
      body: stringOr(fields.body, ""),
      parties: chipsFromArgs(args.parties),
      files: [],
    };
  }

  if (name === "updateInteraction" && isRecord(args.changes) && isRecord(args.base)) {
    const changes = args.changes;
    const base = args.base;
    const occurredAt = stringOr(changes.occurredAt, stringOr(base.occurredAt, ""));
    return {
      ...whenValues(occurredAt || undefined, now),
      type: interactionType(changes.type ?? base.type),
      subject: stringOr(changes.subject === undefined ? base.subject : changes.subject, ""),
      body: stringOr(changes.body === undefined ? base.body : changes.body, ""),
      parties: chipsFromArgs(Array.isArray(args.parties) ? args.parties : base.parties),
      files: [],
    };
  }
  return null;
}

/** Returns whether the values contain anything worth keeping as a draft. */
export function hasContent(values: ComposerValues): boolean {
  return (
    values.subject.trim() !== "" ||
    values.body.trim() !== "" ||
    values.parties.length > 0 ||
    values.files.length > 0
  );
}

let chipCounter = 0;

/** Returns a fresh chip key, unique within the page. */
export function newChipKey(): string {
  chipCounter += 1;
  return `chip-${Date.now().toString(36)}-${chipCounter}`;
}

function partyInputs(chips: readonly PartyChip[]): PartyInput[] {
  return chips.map((chip) => ({
    rawName: chip.rawName,
    contactId: chip.contactId,
    staffPersonId: chip.staffPersonId,
  }));
}

function composerValuesFromBase(base: EditBase): { date: string; time: string } {
  const occurredAt = new Date(base.occurredAt);
  return { date: toDateInputValue(occurredAt), time: toTimeInputValue(occurredAt) };
}

function whenValues(iso: string | undefined, fallback: Date): { date: string; time: string } {
  const parsed = iso === undefined ? fallback : new Date(iso);
  const date = Number.isNaN(parsed.getTime()) ? fallback : parsed;
  return { date: toDateInputValue(date), time: toTimeInputValue(date) };
}

function chipsFromArgs(parties: unknown): PartyChip[] {
  if (!Array.isArray(parties)) return [];
  return parties.filter(isRecord).map((party) => ({
    key: newChipKey(),
    rawName: stringOr(party.rawName, ""),
    contactId: typeof party.contactId === "string" ? party.contactId : null,
    staffPersonId: typeof party.staffPersonId === "string" ? party.staffPersonId : null,
    detail: null,
  }));
}

function interactionType(value: unknown): InteractionType {
  return (INTERACTION_TYPES as readonly unknown[]).includes(value) ? (value as InteractionType) : "note";
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
