import { z } from "zod";

import { INTERACTION_TYPES } from "./entities";
import { DomainError, fieldErrorsFromZod, validationError } from "./field-errors";
import { idSchema } from "./ids";
import { planUpdateInteraction, type PlanContext, type PlanUpdateResult } from "./interaction-plan";
import { mergeInteractionEdit, type InteractionEdit, type InteractionEditBase } from "./merge";
import type { Interaction } from "./entities";
import {
  companyCreateInputSchema,
  companyUpdateInputSchema,
  contactCreateInputSchema,
  contactUpdateInputSchema,
  idInputSchema,
  interactionChangesSchema,
  interactionCreateInputSchema,
  membershipCreateInputSchema,
  membershipUpdateInputSchema,
  metadataSchema,
  partyInputShapeSchema,
  staffCreateInputSchema,
  staffUpdateInputSchema,
  type InteractionCreateInput,
  type InteractionUpdateInput,
} from "./schemas";

// Mutation arguments travel as JSON through the replica and the push queue, so
// every date is an ISO-8601 string and every id the client creates is required:
// the optimistic write and the server's write must use the same ids.

const ISO_MESSAGE = "must be an ISO 8601 date and time such as 2026-03-01T10:15:00Z";

/** An ISO-8601 date and time with `Z` or an offset. */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true, error: ISO_MESSAGE })
  .refine((value) => !Number.isNaN(Date.parse(value)), ISO_MESSAGE);

const partyArgSchema = partyInputShapeSchema.extend({ id: idSchema });

const createInteractionArgs = z.object({
  interaction: interactionCreateInputSchema.shape.interaction.extend({
    id: idSchema,
    occurredAt: isoDateTimeSchema.optional(),
  }),
  parties: z.array(partyArgSchema, { error: "must be a list of parties" }).optional(),
  fileIds: interactionCreateInputSchema.shape.fileIds,
  /** The client's clock when the edit was made; occurredAt defaults to it. */
  now: isoDateTimeSchema,
});

/** The interaction as the client saw it when editing, for the three-way merge. */
const interactionBaseArgs = z.object({
  /**
   * The subject contact, which an edit cannot change. The merge ignores it, and the
   * client uses it to reopen a rejected edit of a deleted interaction on that contact.
   */
  contactId: idSchema.optional(),
  type: z.enum(INTERACTION_TYPES),
  occurredAt: isoDateTimeSchema,
  timeZone: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  metadata: metadataSchema.nullable(),
  parties: z.array(
    z.object({ rawName: z.string(), contactId: z.string().nullish(), staffPersonId: z.string().nullish() }),
  ),
});

const updateInteractionArgs = z.object({
  id: idSchema,
  changes: interactionChangesSchema.extend({ occurredAt: isoDateTimeSchema.optional() }),
  parties: z.array(partyArgSchema, { error: "must be a list of parties" }).nullish(),
  base: interactionBaseArgs,
  /** The client's clock when the edit was made; decides fields both sides changed. */
  now: isoDateTimeSchema,
});

/** Names a failed mutation as its failure entry does, to dismiss that entry. */
const dismissFailureArgs = z.object({
  clientID: z.string({ error: "must be a client id" }).min(1, "must be a client id"),
  mutationID: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more"),
});

/** Every mutator the client may push, with the schema of its JSON arguments. */
export const mutatorArgSchemas = {
  createInteraction: createInteractionArgs,
  updateInteraction: updateInteractionArgs,
  deleteInteraction: idInputSchema,
  createContact: contactCreateInputSchema.extend({ id: idSchema }),
  updateContact: contactUpdateInputSchema,
  trashContact: idInputSchema,
  restoreContact: idInputSchema,
  createCompany: companyCreateInputSchema.extend({ id: idSchema }),
  updateCompany: companyUpdateInputSchema,
  addMembership: membershipCreateInputSchema.extend({ id: idSchema }),
  updateMembership: membershipUpdateInputSchema,
  removeMembership: idInputSchema,
  createStaffPerson: staffCreateInputSchema.extend({ id: idSchema }),
  updateStaffPerson: staffUpdateInputSchema,
  trashStaffPerson: idInputSchema,
  restoreStaffPerson: idInputSchema,
  dismissFailure: dismissFailureArgs,
} as const;

export type MutatorName = keyof typeof mutatorArgSchemas;
export const MUTATOR_NAMES = Object.keys(mutatorArgSchemas) as readonly MutatorName[];

/** Arguments as a caller passes them (JSON). */
export type MutatorArgs<N extends MutatorName> = z.input<(typeof mutatorArgSchemas)[N]>;
/** Arguments after parsing: trimmed, blanks as null, ids lowercase; still JSON. */
export type ParsedMutatorArgs<N extends MutatorName> = z.output<(typeof mutatorArgSchemas)[N]>;
/** A parsed mutation whose `name` decides the type of its `args`. */
export type ParsedMutation = {
  [N in MutatorName]: { readonly name: N; readonly args: ParsedMutatorArgs<N> };
}[MutatorName];

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(mutatorArgSchemas, name);
}

/** Parses a mutator's arguments; throws a BAD_REQUEST DomainError for an unknown name or bad arguments. */
export function parseMutatorArgs<N extends MutatorName>(name: N, args: unknown): ParsedMutatorArgs<N> {
  if (!isMutatorName(name)) {
    throw new DomainError(
      "BAD_REQUEST",
      `mutator "${String(name)}" is unknown; update the app and try again`,
    );
  }
  const parsed = mutatorArgSchemas[name].safeParse(args);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  return parsed.data as ParsedMutatorArgs<N>;
}

/** Parses a pushed mutation by name, as the server receives it. */
export function parseMutation(name: string, args: unknown): ParsedMutation {
  if (!isMutatorName(name)) {
    throw new DomainError("BAD_REQUEST", `mutator "${name}" is unknown; update the app and try again`);
  }
  return { name, args: parseMutatorArgs(name, args) } as ParsedMutation;
}

/** Create input from `createInteraction` arguments; occurredAt defaults to the client's `now`. */
export function interactionCreateInputFromArgs(args: ParsedMutatorArgs<"createInteraction">): {
  readonly input: InteractionCreateInput;
  readonly now: Date;
} {
  const now = new Date(args.now);
  const { occurredAt, ...fields } = args.interaction;
  return {
    input: {
      interaction: { ...fields, occurredAt: occurredAt === undefined ? now : new Date(occurredAt) },
      parties: args.parties ?? [],
      fileIds: args.fileIds ?? [],
    },
    now,
  };
}

/** Extracts the edit, the state it was made against and its time from `updateInteraction` arguments. */
export function interactionEditFromArgs(args: ParsedMutatorArgs<"updateInteraction">): {
  readonly id: string;
  readonly edit: InteractionEdit;
  readonly base: InteractionEditBase;
  readonly editedAt: Date;
} {
  const { occurredAt, ...changes } = args.changes;
  return {
    id: args.id,
    edit: {
      changes: { ...changes, ...(occurredAt === undefined ? {} : { occurredAt: new Date(occurredAt) }) },
      parties: args.parties,
    },
    base: { ...args.base, occurredAt: new Date(args.base.occurredAt) },
    editedAt: new Date(args.now),
  };
}

/**
 * Merges an `updateInteraction` mutation into the interaction as it is now and
 * plans the result: what both the server and a client mutator apply.
 * `context.now` stamps updatedAt; the client's `now` in the arguments only
 * decides fields both sides changed.
 */
export async function planInteractionUpdateFromArgs(
  current: Interaction,
  args: ParsedMutatorArgs<"updateInteraction">,
  context: PlanContext,
): Promise<PlanUpdateResult & { readonly conflicts: readonly string[] }> {
  const { id, edit, base, editedAt } = interactionEditFromArgs(args);
  const merged = mergeInteractionEdit({ base, edit, current, editedAt });
  const input: InteractionUpdateInput = { id, changes: merged.changes, parties: merged.parties };
  const planned = await planUpdateInteraction(current, input, context);
  return { ...planned, conflicts: merged.conflicts };
}
