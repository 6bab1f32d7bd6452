import { INTERACTION_TYPES, type FileRef } from "@crm/domain";

import type { ComposerValues, EditBase, PartyChip } from "./composer-values";

/**
 * Unsent composer text is kept in localStorage, outside the replica, so a
 * reload or a crash keeps what was typed (unless storage is full or disabled),
 * and clearing the replica on sign-out leaves it alone. There is one draft per
 * user, contact and (for edits) interaction.
 */
const PREFIX = "crm.draft.v2";

export interface DraftScope {
  readonly userId: string;
  readonly contactId: string;
  /** Set when the draft is an edit of this interaction. */
  readonly interactionId?: string | null;
}

export interface Draft {
  readonly values: ComposerValues;
  /** For an edit: the interaction as the editor first opened it, the base of the merge. */
  readonly base: EditBase | null;
}

/** Navigation state that opens a contact's composer on a draft restored from elsewhere. */
export interface RestoredDraftState {
  /** Makes each restore a new navigation, so the composer reads the draft again. */
  readonly restoredAt: number;
  /** Explains where the text came from, shown in the composer. */
  readonly note?: string;
}

/** Returns the note of a restored draft from the navigation state, or null. */
export function restoredDraftNote(state: unknown): string | null {
  if (typeof state !== "object" || state === null) return null;
  const note = (state as { note?: unknown }).note;
  return typeof note === "string" && note !== "" ? note : null;
}

export function loadDraft(scope: DraftScope): Draft | null {
  try {
    const text = window.localStorage.getItem(draftKey(scope));
    if (text === null) return null;
    const stored = JSON.parse(text) as { values?: unknown; base?: unknown } | null;
    const values = parseValues(stored?.values);
    if (values === null) return null;
    // The base was written by this app from a replica value; it is taken as it is.
    const base = typeof stored?.base === "object" && stored.base !== null ? (stored.base as EditBase) : null;
    return { values, base };
  } catch {
    return null;
  }
}

/** Stores the draft and returns false when storage is full or disabled. */
export function saveDraft(scope: DraftScope, values: ComposerValues, base: EditBase | null): boolean {
  try {
    window.localStorage.setItem(draftKey(scope), JSON.stringify({ values, base }));
    return true;
  } catch {
    // A full or disabled storage only costs the draft; typing goes on.
    return false;
  }
}

export function clearDraft(scope: DraftScope): void {
  try {
    window.localStorage.removeItem(draftKey(scope));
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

function draftKey(scope: DraftScope): string {
  const target = scope.interactionId ? `edit.${scope.interactionId}` : "new";
  return `${PREFIX}.${scope.userId}.${scope.contactId}.${target}`;
}

/** Reads stored values defensively: storage is shared with older versions of the app. */
function parseValues(value: unknown): ComposerValues | null {
  if (typeof value !== "object" || value === null) return null;
  const draft = value as Record<string, unknown>;
  const type = (INTERACTION_TYPES as readonly unknown[]).includes(draft.type) ? (draft.type as ComposerValues["type"]) : "note";
  if (typeof draft.date !== "string" || typeof draft.time !== "string") return null;
  return {
    type,
    date: draft.date,
    time: draft.time,
    subject: typeof draft.subject === "string" ? draft.subject : "",
    body: typeof draft.body === "string" ? draft.body : "",
    parties: Array.isArray(draft.parties) ? draft.parties.filter(isChip) : [],
    files: Array.isArray(draft.files) ? draft.files.filter(isFileRef) : [],
  };
}

function isChip(value: unknown): value is PartyChip {
  if (typeof value !== "object" || value === null) return false;
  const chip = value as Record<string, unknown>;
  return typeof chip.key === "string" && typeof chip.rawName === "string";
}

function isFileRef(value: unknown): value is FileRef {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Record<string, unknown>;
  return typeof file.id === "string" && typeof file.filename === "string" && typeof file.size === "number";
}
