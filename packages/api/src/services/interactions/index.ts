export { createInteraction, INTERACTION_ID_TAKEN, PARTY_ID_TAKEN } from "./create-interaction";
export { deleteInteraction, deleteInteractionsOfContact } from "./delete-interaction";
export {
  countInteractions,
  idsForContact,
  listForCompany,
  listForContacts,
  listInvolving,
  listRecent,
} from "./feed-queries";
export { getInteraction } from "./get-interaction";
export type { InteractionWithContact } from "./feed-page";
export type { AfterCommit } from "./notices";
export {
  interactionEditBaseSchema,
  interactionUpdateRequestSchema,
  updateInteraction,
  type InteractionUpdateRequest,
} from "./update-interaction";
export { validateInteraction } from "./validate-interaction";
