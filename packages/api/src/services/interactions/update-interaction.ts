import { interactions, runInTransaction } from "@crm/db";
import {
  DomainError,
  INTERACTION_ACTIVITY_RESOURCE_TYPE,
  INTERACTION_NOT_FOUND,
  assertCanModifyInteraction,
  buildInteractionActivityMetadata,
  dateSchema,
  fieldErrorsFromZod,
  interactionUpdateInputSchema,
  isId,
  isoDateTimeSchema,
  mergeInteractionEdit,
  mutatorArgSchemas,
  planUpdateInteraction,
  validationError,
  type Interaction,
  type InteractionEditBase,
  type InteractionUpdateInput,
} from "@crm/domain";
import { and, eq } from "drizzle-orm";
import { z } from "zod";

import type { Actor, ServiceContext } from "../../context";
import { recordActivity } from "../activity";
import { prefetchSnapshotLookup, type SnapshotIds } from "../snapshot-lookup";
import { loadInteraction } from "./load-interactions";
import { involvedContactIds, notifyContacts } from "./notices";
import { replacePartyRows } from "./party-rows";

/**
 * The interaction as the editor saw it, for the three-way merge: the shape of
 * the `updateInteraction` mutator's `base`, with `occurredAt` also accepted as
 * a Date because tRPC carries Dates.
 */
export const interactionEditBaseSchema = mutatorArgSchemas.updateInteraction.shape.base.extend({
  occurredAt: z.union([dateSchema, isoDateTimeSchema]),
});

/** Update input: `interactions.update`'s `{ id, changes, parties? }` plus the optional merge `base`. */
export const interactionUpdateRequestSchema = interactionUpdateInputSchema.extend({
  base: interactionEditBaseSchema.optional(),
});

export type InteractionUpdateRequest = z.input<typeof interactionUpdateRequestSchema>;

export interface UpdateInteractionOptions {
  /**
   * Whether to read the stored interaction back and return it, true by
   * default. A caller that discards the result, such as the sync push, passes
   * false and gets the interaction as planned.
   */
  readonly readBack?: boolean;
}

/**
 * Edits an interaction. Only its owner or an admin may. `parties` omitted or
 * null keeps them, `[]` removes them all, and a list reconciles them by
 * identity, keeping the id, snapshot and capturedAt of every kept party.
 * With `base`, the edit is merged three-way into the interaction as stored
 * now, so a concurrent edit of other fields or parties survives.
 * Writes the `interaction.updated` activity entry and, after commit, notifies
 * the contacts involved before and after the edit. An edit that changes
 * nothing writes nothing.
 */
export async function updateInteraction(
  services: ServiceContext,
  actor: Actor,
  input: InteractionUpdateRequest,
  options: UpdateInteractionOptions = {},
): Promise<Interaction> {
  if (!isId(input.id)) throw notFound();
  const parsed = interactionUpdateRequestSchema.safeParse(input);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  const { base, ...request } = parsed.data;

  const result = await runInTransaction(
    services.db,
    async (tx) => {
      // 1. Lock the row so concurrent edits of this interaction run one after another.
      const current = await loadInteraction(tx, actor.workspaceId, request.id, { forUpdate: true });
      if (current === null) throw notFound();
      assertCanModifyInteraction(actor, current);
      const now = services.now();

      // 2. Merge an edit made against an older state into the current one.
      const update: InteractionUpdateInput = base
        ? mergedUpdate(request.id, toEditBase(base), request, current, now)
        : request;

      // 3. Plan with the domain rules.
      const lookup = await prefetchSnapshotLookup(tx, actor.workspaceId, newReferences(current, update));
      const planned = await planUpdateInteraction(current, update, {
        lookup,
        now,
        newId: services.newId,
      });
      if (!planned.ok) throw validationError(planned.errors);
      if (planned.changedFields.length === 0) return { before: current, after: current, changed: false };
      const next = planned.interaction;

      // 4. Store the fields and the parties.
      await tx
        .update(interactions)
        .set({
          type: next.type,
          occurredAt: next.occurredAt,
          timeZone: next.timeZone,
          subject: next.subject,
          body: next.body,
          metadata: next.metadata,
          updatedAt: next.updatedAt,
        })
        .where(and(eq(interactions.workspaceId, actor.workspaceId), eq(interactions.id, current.id)));
      await replacePartyRows(tx, next, current.parties, next.parties);

      // 5. Audit log, without the body.
      await recordActivity(tx, {
        id: services.newId(),
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: "interaction.updated",
        resourceType: INTERACTION_ACTIVITY_RESOURCE_TYPE,
        resourceId: next.contactId,
        metadata: buildInteractionActivityMetadata({
          interaction: next,
          changedFields: planned.changedFields,
          addedParties: planned.addedParties,
          removedParties: planned.removedParties,
        }),
        createdAt: now,
      });

      const after = options.readBack === false ? next : await loadInteraction(tx, actor.workspaceId, current.id);
      return { before: current, after: after ?? next, changed: true };
    },
    { isolationLevel: "repeatable read" },
  );
  if (!result.changed) return result.after;

  services.logger.info(
    { workspaceId: actor.workspaceId, userId: actor.userId, interactionId: result.after.id },
    "interaction updated",
  );
  await notifyContacts(services, actor, [...involvedContactIds(result.before), ...involvedContactIds(result.after)]);
  return result.after;
}

function mergedUpdate(
  id: string,
  base: InteractionEditBase,
  request: Pick<InteractionUpdateInput, "changes" | "parties">,
  current: Interaction,
  editedAt: Date,
): InteractionUpdateInput {
  const merged = mergeInteractionEdit({
    base,
    edit: { changes: request.changes ?? {}, parties: request.parties },
    current,
    editedAt,
  });
  return { id, changes: merged.changes, parties: merged.parties };
}

function toEditBase(base: z.output<typeof interactionEditBaseSchema>): InteractionEditBase {
  return { ...base, occurredAt: base.occurredAt instanceof Date ? base.occurredAt : new Date(base.occurredAt) };
}

/**
 * Returns the contacts and staff persons the update names that are not
 * parties yet, because a kept party keeps its snapshot.
 */
function newReferences(current: Interaction, update: InteractionUpdateInput): SnapshotIds {
  const kept = new Set(current.parties.flatMap((party) => [party.contactId, party.staffPersonId]));
  const added = (id: string | null | undefined) => {
    const trimmed = id?.trim().toLowerCase();
    return trimmed && !kept.has(trimmed) ? trimmed : undefined;
  };
  return {
    contactIds: (update.parties ?? []).map((party) => added(party.contactId)),
    staffPersonIds: (update.parties ?? []).map((party) => added(party.staffPersonId)),
  };
}

function notFound(): DomainError {
  return new DomainError("NOT_FOUND", `id: ${INTERACTION_NOT_FOUND}`, { id: [INTERACTION_NOT_FOUND] });
}
