import { activityListInputSchema } from "@crm/domain";

import { listActivity } from "../services/activity";
import { protectedProcedure, router } from "../trpc";

/** The audit log of one resource, such as a contact's Events tab. */
export const activityRouter = router({
  list: protectedProcedure
    .input(activityListInputSchema)
    .query(({ ctx, input }) => listActivity(ctx.services, ctx.actor, input)),
});
