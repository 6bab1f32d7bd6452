import { contactCreateInputSchema, contactUpdateInputSchema, idInputSchema, searchInputSchema } from "@crm/domain";

import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  restoreContact,
  searchContacts,
  trashContact,
  updateContact,
} from "../services/contacts";
import { directoryListInputSchema } from "../services/directory-list";
import { protectedProcedure, router } from "../trpc";

/** Contacts with their memberships. Every workspace user may read and edit them. */
export const contactsRouter = router({
  create: protectedProcedure
    .input(contactCreateInputSchema)
    .mutation(({ ctx, input }) => createContact(ctx.services, ctx.actor, input)),

  update: protectedProcedure
    .input(contactUpdateInputSchema)
    .mutation(({ ctx, input }) => updateContact(ctx.services, ctx.actor, input)),

  /** Returns the contact, or null when it does not exist in this workspace. */
  get: protectedProcedure.input(idInputSchema).query(({ ctx, input }) => getContact(ctx.services, ctx.actor, input.id)),

  list: protectedProcedure
    .input(directoryListInputSchema)
    .query(({ ctx, input }) => listContacts(ctx.services, ctx.actor, input)),

  search: protectedProcedure
    .input(searchInputSchema)
    .query(({ ctx, input }) => searchContacts(ctx.services, ctx.actor, input)),

  trash: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => trashContact(ctx.services, ctx.actor, input.id)),

  restore: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => restoreContact(ctx.services, ctx.actor, input.id)),

  /**
   * Deletes the contact for good, with every interaction it is the subject of.
   * Admins only (the service rejects members with FORBIDDEN and explains why),
   * because this removes history that trash would keep.
   */
  delete: protectedProcedure.input(idInputSchema).mutation(async ({ ctx, input }) => {
    await deleteContact(ctx.services, ctx.actor, input.id);
    return null;
  }),
});
