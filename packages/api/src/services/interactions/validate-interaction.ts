import { interactionCreateInputSchema, mergeFieldErrors, validateInteractionInput, type ValidationResult } from "@crm/domain";

import type { Actor, ServiceContext } from "../../context";
import { createSnapshotLookup } from "../snapshot-lookup";
import { INTERACTION_ID_TAKEN, interactionIdExists } from "./create-interaction";
import { loadInteraction } from "./load-interactions";

/**
 * Checks create or update input against every rule without writing, for
 * forms: `{ valid, errors }` with errors keyed by path such as
 * `interaction.subject` or `parties.2.contactId`. Update input is recognised
 * by its `changes`, or by an `id` without `interaction`.
 * NOTE: file ids are checked for shape only; whether each file can be
 * attached is known only when create attaches it.
 */
export async function validateInteraction(
  services: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<ValidationResult> {
  const result = await validateInteractionInput(input, {
    lookup: createSnapshotLookup(services.db, actor.workspaceId),
    now: services.now(),
    getInteraction: async (id) => (await loadInteraction(services.db, actor.workspaceId, id)) ?? undefined,
  });

  const suppliedId = suppliedInteractionId(input);
  if (suppliedId === undefined || !(await interactionIdExists(services.db, suppliedId))) return result;
  return { valid: false, errors: mergeFieldErrors(result.errors, { "interaction.id": [INTERACTION_ID_TAKEN] }) };
}

/** Returns the well-formed client id of create input, if it has one. */
function suppliedInteractionId(input: unknown): string | undefined {
  const parsed = interactionCreateInputSchema.shape.interaction.safeParse(
    typeof input === "object" && input !== null && "interaction" in input ? input.interaction : undefined,
  );
  return parsed.success ? parsed.data.id : undefined;
}
