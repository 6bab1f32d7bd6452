import { idInputSchema, searchInputSchema, staffCreateInputSchema, staffUpdateInputSchema } from "@crm/domain";

import { directoryListInputSchema } from "../services/directory-list";
import {
  createStaffPerson,
  deleteStaffPerson,
  getStaffPerson,
  listStaff,
  restoreStaffPerson,
  searchStaff,
  trashStaffPerson,
  updateStaffPerson,
} from "../services/staff";
import { protectedProcedure, router } from "../trpc";

/**
 * Staff persons. Every workspace user may read them; only admins may write,
 * which the services enforce with FORBIDDEN.
 */
export const staffRouter = router({
  create: protectedProcedure
    .input(staffCreateInputSchema)
    .mutation(({ ctx, input }) => createStaffPerson(ctx.services, ctx.actor, input)),

  update: protectedProcedure
    .input(staffUpdateInputSchema)
    .mutation(({ ctx, input }) => updateStaffPerson(ctx.services, ctx.actor, input)),

  /** Returns the staff person, or null when they do not exist in this workspace. */
  get: protectedProcedure
    .input(idInputSchema)
    .query(({ ctx, input }) => getStaffPerson(ctx.services, ctx.actor, input.id)),

  list: protectedProcedure
    .input(directoryListInputSchema)
    .query(({ ctx, input }) => listStaff(ctx.services, ctx.actor, input)),

  search: protectedProcedure
    .input(searchInputSchema)
    .query(({ ctx, input }) => searchStaff(ctx.services, ctx.actor, input)),

  trash: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => trashStaffPerson(ctx.services, ctx.actor, input.id)),

  restore: protectedProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => restoreStaffPerson(ctx.services, ctx.actor, input.id)),

  /** Deletes the staff person for good; parties that named them keep their rawName and snapshot. */
  delete: protectedProcedure.input(idInputSchema).mutation(async ({ ctx, input }) => {
    await deleteStaffPerson(ctx.services, ctx.actor, input.id);
    return null;
  }),
});
