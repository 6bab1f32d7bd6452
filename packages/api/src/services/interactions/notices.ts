import type { Interaction } from "@crm/domain";

import type { Actor, ServiceContext } from "../../context";

/** A function to call once the transaction has committed. */
export type AfterCommit = () => Promise<void>;

/** Returns the contacts an interaction involves: its subject, then its resolved parties. */
export function involvedContactIds(interaction: Pick<Interaction, "contactId" | "parties">): string[] {
  const partyContactIds = interaction.parties.flatMap((party) => (party.contactId ? [party.contactId] : []));
  return [interaction.contactId, ...partyContactIds];
}

/**
 * Tells open feeds of the workspace that the contacts' interactions changed.
 * Call only after commit. The change is already stored, so a failing notifier
 * is logged rather than reported to the caller as a failed write.
 */
export async function notifyContacts(
  services: ServiceContext,
  actor: Actor,
  contactIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(contactIds)];
  if (unique.length === 0) return;
  try {
    await services.notifier.notify({ workspaceId: actor.workspaceId, contactIds: unique });
  } catch (error) {
    services.logger.error(
      { err: error, workspaceId: actor.workspaceId, userId: actor.userId, contactIds: unique },
      "change notice failed after commit; open feeds refresh on their next pull",
    );
  }
}
