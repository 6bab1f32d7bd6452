import { idInputSchema, idSchema, userCreateInputSchema, userUpdateInputSchema } from "@crm/domain";

import { createUser, deactivateUser, listUsers, updateUser } from "../services/users";
import { adminProcedure, router } from "../trpc";

/** `users.update` input: the domain's user changes plus the links to a staff person and a contact (null unlinks). */
const userUpdateWithLinksInputSchema = userUpdateInputSchema.extend({
  changes: userUpdateInputSchema.shape.changes.extend({
    staffPersonId: idSchema.nullable().optional(),
    contactId: idSchema.nullable().optional(),
  }),
});

/** The workspace's users; every procedure is for admins only. */
export const usersRouter = router({
  create: adminProcedure.input(userCreateInputSchema).mutation(({ ctx, input }) => createUser(ctx.services, ctx.actor, input)),

  list: adminProcedure.query(({ ctx }) => listUsers(ctx.services, ctx.actor)),

  update: adminProcedure
    .input(userUpdateWithLinksInputSchema)
    .mutation(({ ctx, input }) => updateUser(ctx.services, ctx.actor, input)),

  deactivate: adminProcedure
    .input(idInputSchema)
    .mutation(({ ctx, input }) => deactivateUser(ctx.services, ctx.actor, input.id)),
});
