import { z } from "zod";

import { pokes } from "../sync/poke";
import { pull, pullRequestSchema } from "../sync/pull";
import { push, pushRequestSchema } from "../sync/push";
import { protectedProcedure, router } from "../trpc";

/**
 * Replicache sync: `push` applies a client's mutations, `pull` returns what
 * changed since its cookie (a mutation because it records a client view),
 * and `poke` streams a tick whenever a change commits in the workspace.
 */
export const syncRouter = router({
  push: protectedProcedure
    .input(pushRequestSchema)
    .mutation(({ ctx, input }) => push(ctx.services, ctx.actor, input)),

  pull: protectedProcedure
    .input(pullRequestSchema)
    .mutation(({ ctx, input }) => pull(ctx.services, ctx.actor, input)),

  poke: protectedProcedure.input(z.object({})).subscription(async function* ({ ctx, signal }) {
    yield* pokes(ctx.services.notifier, ctx.actor.workspaceId, signal);
  }),
});
