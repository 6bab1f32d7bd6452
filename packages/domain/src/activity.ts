import type { Interaction, JsonObject, Party } from "./entities";
import { partyIdentity } from "./parties";

export const ACTIVITY_ACTIONS = ["interaction.logged", "interaction.updated", "interaction.deleted"] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** Activity entries about an interaction are filed under its subject contact. */
export const INTERACTION_ACTIVITY_RESOURCE_TYPE = "contact";

export interface ActivityParty extends JsonObject {
  readonly identity: string;
  readonly rawName: string;
}

export interface InteractionActivityMetadata extends JsonObject {
  readonly interactionId: string;
  readonly type: string;
  readonly subject: string | null;
  readonly changedFields: readonly string[];
  readonly partiesAdded: readonly ActivityParty[];
  readonly partiesRemoved: readonly ActivityParty[];
}

/**
 * Builds the audit metadata of an interaction change. It leaves out the
 * body because the log is read more widely than the history.
 */
export function buildInteractionActivityMetadata({
  interaction,
  changedFields = [],
  addedParties = [],
  removedParties = [],
}: {
  readonly interaction: Pick<Interaction, "id" | "type" | "subject">;
  readonly changedFields?: readonly string[];
  readonly addedParties?: readonly Party[];
  readonly removedParties?: readonly Party[];
}): InteractionActivityMetadata {
  return {
    interactionId: interaction.id,
    type: interaction.type,
    subject: interaction.subject,
    changedFields: [...changedFields],
    partiesAdded: addedParties.map(activityParty),
    partiesRemoved: removedParties.map(activityParty),
  };
}

function activityParty(party: Party): ActivityParty {
  return { identity: partyIdentity(party), rawName: party.rawName };
}
