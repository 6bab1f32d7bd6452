import { DEFAULT_INTERACTION_TYPE, type Interaction, type Party } from "./entities";
import { fieldErrorsFromZod, mergeFieldErrors, type FieldErrors } from "./field-errors";
import { CONTACT_NOT_FOUND, normalizeParties, toParty } from "./parties";
import { partiesDiffer, reconcileParties } from "./reconcile";
import {
  interactionCreateInputSchema,
  interactionUpdateInputSchema,
  type InteractionCreateInput,
  type InteractionUpdateInput,
} from "./schemas";
import { buildContactSnapshot, type SnapshotLookup } from "./snapshots";
import { valuesEqual } from "./values-equal";

export interface PlanContext {
  readonly lookup: SnapshotLookup;
  readonly now: Date;
  readonly newId: () => string;
}

export interface CreatePlanContext extends PlanContext {
  /** The signed-in user; never taken from input. */
  readonly ownerUserId: string;
  readonly workspaceId: string;
}

export type PlanCreateResult =
  | { readonly ok: true; readonly interaction: Interaction }
  | { readonly ok: false; readonly errors: FieldErrors };

export type PlanUpdateResult =
  | {
      readonly ok: true;
      readonly interaction: Interaction;
      /** Names of the fields whose value changed, plus `parties` when the party list did. */
      readonly changedFields: readonly string[];
      readonly addedParties: readonly Party[];
      readonly removedParties: readonly Party[];
    }
  | { readonly ok: false; readonly errors: FieldErrors };

export interface ValidateContext {
  readonly lookup: SnapshotLookup;
  readonly now: Date;
  /** Reads the interaction an update input names; required to validate updates. */
  readonly getInteraction?: (id: string) => Promise<Interaction | undefined>;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: FieldErrors;
}

/** The fields an update may change, in the order they are reported. */
export const EDITABLE_INTERACTION_FIELDS = [
  "type",
  "occurredAt",
  "timeZone",
  "subject",
  "body",
  "metadata",
] as const;
export type EditableInteractionField = (typeof EDITABLE_INTERACTION_FIELDS)[number];

export const INTERACTION_NOT_FOUND = "interaction not found; it may have been deleted";

/**
 * Plans a new interaction from create input: the same call on the server and
 * in a client mutator gives the same interaction for the same lookup, now and
 * ids. Files are attached by the caller, so `files` is empty.
 */
export async function planCreateInteraction(
  input: InteractionCreateInput,
  context: CreatePlanContext,
): Promise<PlanCreateResult> {
  const parsed = interactionCreateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  const { interaction: fields, parties: partyInputs = [] } = parsed.data;

  const subject = await context.lookup.getContact(fields.contactId);
  const subjectErrors: FieldErrors = subject ? {} : { "interaction.contactId": [CONTACT_NOT_FOUND] };

  const parties = await normalizeParties(partyInputs, {
    subjectContactId: fields.contactId,
    lookup: context.lookup,
    now: context.now,
    newId: context.newId,
  });

  if (!subject || !parties.ok) {
    return { ok: false, errors: mergeFieldErrors(subjectErrors, parties.ok ? {} : parties.errors) };
  }
  return {
    ok: true,
    interaction: {
      id: fields.id ?? context.newId(),
      workspaceId: context.workspaceId,
      contactId: fields.contactId,
      type: fields.type ?? DEFAULT_INTERACTION_TYPE,
      occurredAt: fields.occurredAt ?? context.now,
      timeZone: fields.timeZone ?? null,
      subject: fields.subject ?? null,
      body: fields.body ?? null,
      ownerUserId: context.ownerUserId,
      subjectSnapshot: buildContactSnapshot(subject, context.now),
      metadata: fields.metadata ?? null,
      createdAt: context.now,
      updatedAt: context.now,
      parties: parties.parties.map(toParty),
      files: [],
    },
  };
}

/**
 * Plans an edit of `current`. The subject contact, owner and creation time
 * never change; `parties` omitted or null keeps them, `[]` removes them all.
 */
export async function planUpdateInteraction(
  current: Interaction,
  input: InteractionUpdateInput,
  context: PlanContext,
): Promise<PlanUpdateResult> {
  const parsed = interactionUpdateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  if (parsed.data.id !== current.id.toLowerCase()) {
    return { ok: false, errors: { id: ["does not match the interaction being updated"] } };
  }
  const { changes } = parsed.data;

  // Field changes: a field left out keeps its value; null clears an optional one.
  const next: Pick<Interaction, EditableInteractionField> = {
    type: changes.type ?? current.type,
    occurredAt: changes.occurredAt ?? current.occurredAt,
    timeZone: changes.timeZone === undefined ? current.timeZone : changes.timeZone,
    subject: changes.subject === undefined ? current.subject : changes.subject,
    body: changes.body === undefined ? current.body : changes.body,
    metadata: changes.metadata === undefined ? current.metadata : changes.metadata,
  };
  const changedFields: string[] = EDITABLE_INTERACTION_FIELDS.filter(
    (field) => !valuesEqual(next[field], current[field]),
  );

  const reconciled = await reconcileParties(current.parties, parsed.data.parties, {
    subjectContactId: current.contactId,
    lookup: context.lookup,
    now: context.now,
    newId: context.newId,
  });
  if (!reconciled.ok) return reconciled;
  if (partiesDiffer(current.parties, reconciled.parties)) changedFields.push("parties");

  return {
    ok: true,
    interaction: {
      ...current,
      ...next,
      parties: reconciled.parties,
      updatedAt: context.now,
    },
    changedFields,
    addedParties: reconciled.added,
    removedParties: reconciled.removed,
  };
}

/**
 * Checks create or update input against every rule without writing anything.
 * Update input is recognised by its `changes` or `id` without `interaction`.
 */
export async function validateInteractionInput(
  input: unknown,
  context: ValidateContext,
): Promise<ValidationResult> {
  const newId = placeholderIds();

  if (isUpdateShape(input)) {
    const parsed = interactionUpdateInputSchema.safeParse(input);
    if (!parsed.success) return invalid(fieldErrorsFromZod(parsed.error));
    const current = await context.getInteraction?.(parsed.data.id);
    if (!current) return invalid({ id: [INTERACTION_NOT_FOUND] });
    const planned = await planUpdateInteraction(current, parsed.data, {
      lookup: context.lookup,
      now: context.now,
      newId,
    });
    return planned.ok ? { valid: true, errors: {} } : invalid(planned.errors);
  }

  const parsed = interactionCreateInputSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsFromZod(parsed.error));
  const planned = await planCreateInteraction(parsed.data, {
    lookup: context.lookup,
    now: context.now,
    newId,
    ownerUserId: newId(),
    workspaceId: newId(),
  });
  return planned.ok ? { valid: true, errors: {} } : invalid(planned.errors);
}

function isUpdateShape(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  return "changes" in input || ("id" in input && !("interaction" in input));
}

function invalid(errors: FieldErrors): ValidationResult {
  return { valid: false, errors };
}

/** Distinct well-formed ids for planning that is never stored. */
function placeholderIds(): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `00000000-0000-4000-8000-${next.toString(16).padStart(12, "0")}`;
  };
}
