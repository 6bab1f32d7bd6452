import { interactionParties, interactions, type Transaction } from "@crm/db";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";

/** A contact or staff person about to be hard-deleted. */
export type PartyReference = { readonly contactId: string } | { readonly staffPersonId: string };

/**
 * Prepares the hard delete of a contact or staff person that parties of other
 * interactions refer to. The foreign key then turns those parties into free text
 * that keeps its rawName and snapshot, but that changes no interaction row, so
 * this raises the version of each such interaction (sync sends it again).
 * Returns the contacts involved in those interactions, for the change notice.
 */
export async function touchInteractionsReferencing(
  tx: Transaction,
  workspaceId: string,
  reference: PartyReference,
): Promise<string[]> {
  const column = "contactId" in reference ? interactionParties.contactId : interactionParties.staffPersonId;
  const id = "contactId" in reference ? reference.contactId : reference.staffPersonId;
  const referencing = tx
    .select({ interactionId: interactionParties.interactionId })
    .from(interactionParties)
    .where(and(eq(interactionParties.workspaceId, workspaceId), eq(column, id)));

  // The version trigger raises the version on any update, this no-op one included.
  const touched = await tx
    .update(interactions)
    .set({ version: sql`${interactions.version}` })
    .where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.id, referencing)))
    .returning({ id: interactions.id, contactId: interactions.contactId });
  if (touched.length === 0) return [];

  const partyContacts = await tx
    .select({ contactId: interactionParties.contactId })
    .from(interactionParties)
    .where(
      and(
        eq(interactionParties.workspaceId, workspaceId),
        inArray(
          interactionParties.interactionId,
          touched.map((row) => row.id),
        ),
        isNotNull(interactionParties.contactId),
      ),
    );

  const involved = new Set(touched.map((row) => row.contactId));
  for (const { contactId } of partyContacts) if (contactId !== null) involved.add(contactId);
  return [...involved];
}
