import { loginInputSchema, signUpInputSchema } from "@crm/domain";

import { login, logout, me, signUp } from "../services/auth";
import { publicProcedure, router } from "../trpc";

/**
 * Sign-in, sign-out, sign-up and the current user. Each procedure is public:
 * `me` returns null when signed out, and `logout` always clears the cookie.
 */
export const authRouter = router({
  /** Returns the session token (for `Authorization: Bearer`) and sets it as the session cookie. */
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    const { token, user, expiresAt } = await login(ctx.services, input);
    ctx.cookies?.set(token, expiresAt);
    return { token, user };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.actor) await logout(ctx.services, ctx.actor);
    ctx.cookies?.clear();
    return null;
  }),

  me: publicProcedure.query(({ ctx }) => (ctx.actor ? me(ctx.services, ctx.actor) : null)),

  /** Creates a workspace with the caller as its admin, and signs them in like `login`. */
  signUp: publicProcedure.input(signUpInputSchema).mutation(async ({ ctx, input }) => {
    const { token, user, expiresAt } = await signUp(ctx.services, input);
    ctx.cookies?.set(token, expiresAt);
    return { token, user };
  }),
});
