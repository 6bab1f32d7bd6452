import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { createCallerFactory, router } from "../trpc";
import { activityRouter } from "./activity";
import { authRouter } from "./auth";
import { companiesRouter } from "./companies";
import { contactsRouter } from "./contacts";
import { importsRouter } from "./imports";
import { interactionsRouter } from "./interactions";
import { staffRouter } from "./staff";
import { syncRouter } from "./sync";
import { usersRouter } from "./users";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  contacts: contactsRouter,
  companies: companiesRouter,
  staff: staffRouter,
  interactions: interactionsRouter,
  activity: activityRouter,
  imports: importsRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
