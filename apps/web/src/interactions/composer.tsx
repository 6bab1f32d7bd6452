import {
  getContact,
  getInteraction,
  readStaffPerson,
  replicaSnapshotLookup,
  searchPartyCandidates,
  type PartyCandidate,
} from "@crm/client";
import {
  INTERACTION_TYPES,
  SUBJECT_MAX,
  contactDisplayName,
  validateInteractionInput,
  type FieldErrors,
  type InteractionType,
} from "@crm/domain";
import type { ReadTransaction } from "replicache";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type SyntheticEvent } from "react";
import { uuidv7 } from "uuidv7";

import { userTimeZone } from "../lib/local-time";
import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { FieldError } from "../ui/field-error";
import { INTERACTION_TYPE_LABELS } from "../ui/type-icon";
import { Attachments } from "./attachments";
import { clearDraft, saveDraft, type DraftScope } from "./composer-draft";
import { mutateKept } from "./kept-saves";
import {
  createInputFromValues,
  hasContent,
  newChipKey,
  occurredAtFromValues,
  updateChangesFromValues,
  type ComposerValues,
  type EditBase,
  type PartyChip,
} from "./composer-values";
import { fieldErrorsOfError, groupComposerErrors } from "./composer-errors";
import { availableCandidates, rejectionReason, takenParties } from "./party-choices";
import { PartyPicker } from "./party-picker";

export type ComposerMode =
  | { readonly kind: "create" }
  | { readonly kind: "edit"; readonly interactionId: string; readonly base: EditBase };

export interface ComposerProps {
  /** The subject contact. */
  readonly contactId: string;
  readonly mode: ComposerMode;
  readonly initialValues: ComposerValues;
  /** The draft slot that keeps the unsent text while typing. */
  readonly draftScope: DraftScope;
  /** Called after a successful save. */
  readonly onSaved: () => void;
  /** Closes an edit without saving; the draft is discarded. */
  readonly onCancel?: () => void;
  /** A new empty composer for the next interaction. */
  readonly emptyValues: () => ComposerValues;
  /** A note on where restored text came from, shown above the fields until the next save. */
  readonly note?: string | null;
}

/** A minute of slack, so "now" typed a moment ago is not called future. */
const FUTURE_SLACK_MS = 60_000;

/** How many matches the party picker lists. */
const PICKER_LIMIT = 8;

/**
 * Logs a new interaction or edits one. Validates with the domain rules
 * against the replica before calling the mutator, shows each error beside its
 * field, and keeps what the user typed on any error and across reloads.
 */
export function Composer({
  contactId,
  mode,
  initialValues,
  draftScope,
  onSaved,
  onCancel,
  emptyValues,
  note = null,
}: ComposerProps) {
  const { rep, user, online } = useSession();
  const formId = useId();
  const ids = {
    type: `${formId}-type`,
    date: `${formId}-date`,
    time: `${formId}-time`,
    whenError: `${formId}-when-error`,
    subject: `${formId}-subject`,
    subjectError: `${formId}-subject-error`,
    body: `${formId}-body`,
    bodyError: `${formId}-body-error`,
    partiesError: `${formId}-parties-error`,
    filesError: `${formId}-files-error`,
  };

  const [values, setValues] = useState<ComposerValues>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [savedNotice, setSavedNotice] = useState("");
  const [shownNote, setShownNote] = useState(note);
  const subjectRef = useRef<HTMLInputElement>(null);

  // Every change is written to the draft at once; a reload finds it there.
  const draftScopeRef = useRef(draftScope);
  useEffect(() => {
    draftScopeRef.current = draftScope;
  }, [draftScope]);
  // An edit is kept once the user changed something; an opened but untouched edit leaves no draft.
  const editBase = mode.kind === "edit" ? mode.base : null;
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (editBase !== null) {
      if (touched) saveDraft(draftScopeRef.current, values, editBase);
    } else if (hasContent(values)) saveDraft(draftScopeRef.current, values, null);
    else clearDraft(draftScopeRef.current);
  }, [values, editBase, touched]);

  const grouped = useMemo(() => groupComposerErrors(errors), [errors]);
  const occurredAt = occurredAtFromValues(values);
  const inFuture = occurredAt !== null && occurredAt.getTime() > Date.now() + FUTURE_SLACK_MS;

  const subjectQuery = useCallback(
    async (tx: ReadTransaction) => {
      const contact = await getContact(tx, contactId);
      return contact ? contactDisplayName(contact) : null;
    },
    [contactId],
  );
  const { data: subjectName } = useSubscribe(rep, subjectQuery, null);
  const taken = useMemo(() => takenParties(contactId, subjectName, values.parties), [contactId, subjectName, values.parties]);

  // Asks for enough extra matches that leaving out the taken ones still fills the list.
  const search = useCallback(
    async (query: string) => {
      const limit = PICKER_LIMIT + taken.identities.size;
      const found = await rep.query((tx) => searchPartyCandidates(tx, query, { limit }));
      return availableCandidates(found, taken).slice(0, PICKER_LIMIT);
    },
    [rep, taken],
  );
  // The subject input has no maxLength, because that would cut pasted text silently. The limit shows as an error instead.
  const subjectTooLong = values.subject.trim().length > SUBJECT_MAX;
  const subjectMessages =
    grouped.subject.length > 0 || !subjectTooLong ? grouped.subject : [`must be at most ${SUBJECT_MAX} characters`];

  function change(patch: Partial<ComposerValues>) {
    setValues((current) => ({ ...current, ...patch }));
    setTouched(true);
    setSavedNotice("");
  }

  /** Adds a party unless the saved record would drop it, and returns why it was rejected, or null once added. */
  function addChip(chip: Omit<PartyChip, "key">): string | null {
    const rejection = rejectionReason(chip, taken);
    if (rejection !== null) return rejection;
    setTouched(true);
    setValues((current) => ({ ...current, parties: [...current.parties, { ...chip, key: newChipKey() }] }));
    return null;
  }

  function removeChip(key: string) {
    // Errors of later chips are keyed by index, which the removal shifts, so they are cleared.
    setTouched(true);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith("parties"))));
    setValues((current) => ({ ...current, parties: current.parties.filter((chip) => chip.key !== key) }));
  }

  async function addMe(): Promise<string | null> {
    const staff = user.staffPersonId
      ? await rep.query((tx) => staffCandidate(tx, user.staffPersonId ?? ""))
      : null;
    if (staff) return addChip({ rawName: staff.name, contactId: null, staffPersonId: staff.id, detail: staff.detail });
    return addChip({ rawName: user.name, contactId: null, staffPersonId: null, detail: null });
  }

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (saving) return;
    if (uploading) {
      setErrors({ fileIds: ["wait for the uploads to finish, or cancel them, before saving"] });
      return;
    }
    if (occurredAt === null) {
      setErrors({ "interaction.occurredAt": ["enter a date and a time"] });
      return;
    }

    setSaving(true);
    try {
      const found = mode.kind === "create" ? await saveNew(occurredAt) : await saveEdit(occurredAt, mode);
      setErrors(found);
      if (Object.keys(found).length > 0) return;

      clearDraft(draftScope);
      setShownNote(null);
      if (mode.kind === "create") {
        setValues(emptyValues());
        setSavedNotice("Interaction logged.");
        subjectRef.current?.focus();
      }
      onSaved();
    } finally {
      setSaving(false);
    }
  }

  async function saveNew(when: Date): Promise<FieldErrors> {
    const input = createInputFromValues(values, contactId, when);
    const checked = await rep.query((tx) =>
      validateInteractionInput(input, { lookup: replicaSnapshotLookup(tx), now: new Date() }),
    );
    if (!checked.valid) return checked.errors;

    try {
      const args = {
        interaction: {
          id: uuidv7(),
          contactId,
          type: values.type,
          occurredAt: when.toISOString(),
          timeZone: userTimeZone(),
          subject: values.subject,
          body: values.body,
        },
        parties: input.parties.map((party) => ({ ...party, id: uuidv7() })),
        fileIds: input.fileIds,
        now: new Date().toISOString(),
      };
      await mutateKept(rep, user.id, { name: "createInteraction", args });
      return {};
    } catch (error) {
      return fieldErrorsOfError(error);
    }
  }

  async function saveEdit(when: Date, edit: Extract<ComposerMode, { kind: "edit" }>): Promise<FieldErrors> {
    const { changes, parties } = updateChangesFromValues(values, edit.base, when);
    const validationInput = {
      id: edit.interactionId,
      changes: { ...changes, ...(changes.occurredAt === undefined ? {} : { occurredAt: new Date(changes.occurredAt) }) },
      parties,
    };
    const checked = await rep.query((tx) =>
      validateInteractionInput(validationInput, {
        lookup: replicaSnapshotLookup(tx),
        now: new Date(),
        getInteraction: async (id) => (await getInteraction(tx, id)) ?? undefined,
      }),
    );
    if (!checked.valid) return checked.errors;

    try {
      const args = {
        id: edit.interactionId,
        changes,
        parties: parties?.map((party) => ({ ...party, id: uuidv7() })) ?? null,
        base: edit.base,
        now: new Date().toISOString(),
      };
      await mutateKept(rep, user.id, { name: "updateInteraction", args });
      return {};
    } catch (error) {
      return fieldErrorsOfError(error);
    }
  }

  const heading = mode.kind === "create" ? "Log an interaction" : "Edit interaction";
  return (
    <form className="panel composer" aria-label={heading} onSubmit={(event) => void submit(event)} noValidate>
      <div className="panel__header">
        <h2>{heading}</h2>
        <span className="visually-hidden" aria-live="polite">
          {savedNotice}
        </span>
      </div>

      {shownNote ? (
        <p className="field-warning" role="status">
          {shownNote}
        </p>
      ) : null}

      {grouped.form.length > 0 ? (
        <div className="form-error" role="alert">
          {grouped.form.join(" ")}
        </div>
      ) : null}

      <div className="composer__grid">
        <div className="field">
          <label htmlFor={ids.type}>Type</label>
          <select
            id={ids.type}
            className="select"
            value={values.type}
            aria-invalid={grouped.type.length > 0}
            onChange={(event) => {
              change({ type: event.target.value as InteractionType });
            }}
          >
            {INTERACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {INTERACTION_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
          <FieldError id={`${ids.type}-error`} messages={grouped.type} />
        </div>

        <fieldset className="field">
          <legend className="field__label">When</legend>
          <div className="composer__when">
            <label htmlFor={ids.date} className="visually-hidden">
              Date
            </label>
            <input
              id={ids.date}
              className="input"
              type="date"
              value={values.date}
              aria-invalid={grouped.when.length > 0}
              aria-describedby={ids.whenError}
              onChange={(event) => {
                change({ date: event.target.value });
              }}
            />
            <label htmlFor={ids.time} className="visually-hidden">
              Time
            </label>
            <input
              id={ids.time}
              className="input"
              type="time"
              value={values.time}
              aria-invalid={grouped.when.length > 0}
              aria-describedby={ids.whenError}
              onChange={(event) => {
                change({ time: event.target.value });
              }}
            />
            <span className="field-hint">{userTimeZone()}</span>
          </div>
          <FieldError id={ids.whenError} messages={grouped.when} />
          {inFuture && grouped.when.length === 0 ? (
            <p className="field-warning" role="status">
              This time is in the future. Save anyway if that is intended.
            </p>
          ) : null}
        </fieldset>
      </div>

      <div className="stack">
        <div className="field">
          <label htmlFor={ids.subject}>Subject</label>
          <input
            ref={subjectRef}
            id={ids.subject}
            className="input"
            type="text"
            value={values.subject}
            aria-invalid={subjectMessages.length > 0}
            aria-describedby={subjectMessages.length > 0 ? ids.subjectError : undefined}
            onChange={(event) => {
              change({ subject: event.target.value });
            }}
          />
          <FieldError id={ids.subjectError} messages={subjectMessages} />
        </div>

        <div className="field">
          <label htmlFor={ids.body}>Notes</label>
          <textarea
            id={ids.body}
            className="textarea"
            value={values.body}
            aria-invalid={grouped.body.length > 0}
            aria-describedby={grouped.body.length > 0 ? ids.bodyError : undefined}
            onChange={(event) => {
              change({ body: event.target.value });
            }}
          />
          <FieldError id={ids.bodyError} messages={grouped.body} />
        </div>

        <fieldset className="field">
          <legend className="field__label">Parties</legend>
          {values.parties.length > 0 ? (
            <ul className="chips" aria-label="Parties">
              {values.parties.map((chip, index) => {
                const chipErrors = grouped.parties.get(index) ?? [];
                const errorId = `${formId}-party-${index}-error`;
                return (
                  <li key={chip.key}>
                    <span
                      className={chipErrors.length > 0 ? "chip chip--invalid" : "chip"}
                      aria-describedby={chipErrors.length > 0 ? errorId : undefined}
                    >
                      <span>{chip.rawName || "(no name)"}</span>
                      <span className="chip__kind">
                        {chipKind(chip)}
                        {chip.detail ? ` · ${chip.detail}` : ""}
                      </span>
                      <button
                        type="button"
                        className="chip__remove"
                        aria-label={`Remove ${chip.rawName || "party"}`}
                        onClick={() => {
                          removeChip(chip.key);
                        }}
                      >
                        ×
                      </button>
                    </span>
                    <FieldError id={errorId} messages={chipErrors} />
                  </li>
                );
              })}
            </ul>
          ) : null}
          <PartyPicker
            search={search}
            onPick={(candidate: PartyCandidate) => {
              addChip({
                rawName: candidate.name,
                contactId: candidate.source === "contact" ? candidate.id : null,
                staffPersonId: candidate.source === "staff" ? candidate.id : null,
                detail: candidate.detail,
              });
            }}
            onAddFreeText={(name) => addChip({ rawName: name, contactId: null, staffPersonId: null, detail: null })}
            onAddMe={addMe}
            describedBy={grouped.partyList.length > 0 ? ids.partiesError : undefined}
          />
          <FieldError id={ids.partiesError} messages={grouped.partyList} />
        </fieldset>

        <fieldset className="field">
          <legend className="field__label">Attachments</legend>
          <Attachments
            files={values.files}
            online={online}
            readOnly={mode.kind === "edit"}
            errorId={grouped.files.length > 0 ? ids.filesError : undefined}
            onAttach={(file) => {
              setValues((current) => ({ ...current, files: [...current.files, file] }));
            }}
            onRemove={(fileId) => {
              setValues((current) => ({ ...current, files: current.files.filter((file) => file.id !== fileId) }));
            }}
            onBusyChange={setUploading}
          />
          <FieldError id={ids.filesError} messages={grouped.files} />
        </fieldset>
      </div>

      <div className="form-actions">
        {mode.kind === "edit" ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              clearDraft(draftScope);
              onCancel?.();
            }}
          >
            Cancel
          </button>
        ) : hasContent(values) ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setValues(emptyValues());
              setErrors({});
            }}
          >
            Clear
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={saving || uploading}>
          {mode.kind === "create" ? "Log interaction" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

/** Returns the signed-in user's own staff record as a picker candidate. */
async function staffCandidate(tx: ReadTransaction, staffPersonId: string): Promise<PartyCandidate | null> {
  const staff = await readStaffPerson(tx, staffPersonId);
  if (!staff) return null;
  return { source: "staff", id: staff.id, name: staff.name, detail: staff.jobTitle };
}

/** Returns what a chip links to: a contact, a staff person, or nothing (free text). */
function chipKind(chip: PartyChip): string {
  if (chip.contactId) return "contact";
  if (chip.staffPersonId) return "staff";
  return "free text";
}
