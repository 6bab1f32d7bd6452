import {
  companyCreateInputSchema,
  companyUpdateInputSchema,
  idInputSchema,
  idSchema,
  membershipCreateInputSchema,
  membershipUpdateInputSchema,
  searchInputSchema,
} from "@crm/domain";
import { z } from "zod";

import {
  addMember,
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  listMembers,
  removeMember,
  restoreCompany,
  searchCompanies,
  trashCompany,
  updateCompany,
  updateMember,
} from "../services/companies";
import { directoryListInputSchema } from "../services/directory-list";
import { protectedProcedure, router } from "../trpc";

const membershipKeySchema = z.object({ companyId: idSchema, contactId: idSchema });

/** Companies and their memberships. Every workspace user may read and edit them. */
export const companiesRouter = router({
  create: protectedProcedure
    .input(companyCreateInputSchema)
    .mutation(({ ctx, input }) => createCompany(ctx.services, ctx.actor, input)),

  update: protectedProcedure
    .input(companyUpdateInputSchema)
    .mutation(({ ctx, input }) => updateCompany(ctx.services, ctx.actor, input)),

  /** Returns the company, or null when it does not exist in this workspace. */
  get: protectedProcedure.input(idInputSchema).query(({ ctx, input }) => getCompany(ctx.services, ctx.actor, input.id)),

  list: protectedProcedure
    .input(directoryListInputSchema)
    .query(({ ctx, input }) => listCompanies(ctx.services, ctx.actor, input)),

  search: protectedProcedure
    .input(searchInputSchema)
    .query(({ ctx, input }) => searchCompanies(ctx.services, ctx.actor, input)),

  trash: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => trashCompany(ctx.services, ctx.actor, input.id)),

  restore: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => restoreCompany(ctx.services, ctx.actor, input.id)),

  /**
   * Deletes the company for good with its memberships; interactions keep it in
   * their snapshots. Admins only (the service rejects members with FORBIDDEN).
   */
  delete: protectedProcedure.input(idInputSchema).mutation(async ({ ctx, input }) => {
    await deleteCompany(ctx.services, ctx.actor, input.id);
    return null;
  }),

  addMember: protectedProcedure
    .input(membershipCreateInputSchema)
    .mutation(({ ctx, input }) => addMember(ctx.services, ctx.actor, input)),

  updateMember: protectedProcedure
    .input(membershipKeySchema.extend({ changes: membershipUpdateInputSchema.shape.changes }))
    .mutation(({ ctx, input }) => updateMember(ctx.services, ctx.actor, input)),

  removeMember: protectedProcedure.input(membershipKeySchema).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.services, ctx.actor, input);
    return null;
  }),

  /** The company's members in name order, without trashed contacts. */
  members: protectedProcedure
    .input(z.object({ companyId: idSchema }))
    .query(({ ctx, input }) => listMembers(ctx.services, ctx.actor, input.companyId)),
});
