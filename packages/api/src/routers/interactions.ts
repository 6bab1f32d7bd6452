import {
  contactIdInputSchema,
  idInputSchema,
  interactionCreateInputSchema,
  listForCompanyInputSchema,
  listForContactsInputSchema,
  listInvolvingInputSchema,
  listRecentInputSchema,
} from "@crm/domain";
import { z } from "zod";

import {
  countInteractions,
  createInteraction,
  deleteInteraction,
  getInteraction,
  idsForContact,
  interactionUpdateRequestSchema,
  listForCompany,
  listForContacts,
  listInvolving,
  listRecent,
  updateInteraction,
  validateInteraction,
} from "../services/interactions";
import { protectedProcedure, router } from "../trpc";

/** Interactions: feeds, one interaction, validation for forms, and create, update and delete. */
export const interactionsRouter = router({
  listInvolving: protectedProcedure
    .input(listInvolvingInputSchema)
    .query(({ ctx, input }) => listInvolving(ctx.services, ctx.actor, input)),

  idsForContact: protectedProcedure
    .input(contactIdInputSchema)
    .query(({ ctx, input }) => idsForContact(ctx.services, ctx.actor, input)),

  listForContacts: protectedProcedure
    .input(listForContactsInputSchema)
    .query(({ ctx, input }) => listForContacts(ctx.services, ctx.actor, input)),

  listForCompany: protectedProcedure
    .input(listForCompanyInputSchema)
    .query(({ ctx, input }) => listForCompany(ctx.services, ctx.actor, input)),

  listRecent: protectedProcedure
    .input(listRecentInputSchema)
    .query(({ ctx, input }) => listRecent(ctx.services, ctx.actor, input)),

  count: protectedProcedure.query(({ ctx }) => countInteractions(ctx.services, ctx.actor)),

  get: protectedProcedure
    .input(idInputSchema)
    .query(({ ctx, input }) => getInteraction(ctx.services, ctx.actor, input)),

  // Any shape is accepted: problems come back as field errors instead of a failed call.
  validate: protectedProcedure
    .input(z.unknown())
    .query(({ ctx, input }) => validateInteraction(ctx.services, ctx.actor, input)),

  create: protectedProcedure
    .input(interactionCreateInputSchema)
    .mutation(({ ctx, input }) => createInteraction(ctx.services, ctx.actor, input)),

  update: protectedProcedure
    .input(interactionUpdateRequestSchema)
    .mutation(({ ctx, input }) => updateInteraction(ctx.services, ctx.actor, input)),

  delete: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => deleteInteraction(ctx.services, ctx.actor, input)),
});
