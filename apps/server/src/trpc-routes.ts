import type { AnyTRPCRouter, inferRouterContext } from "@trpc/server";
import {
  fastifyTRPCPlugin,
  type CreateFastifyContextOptions,
  type FastifyTRPCPluginOptions,
} from "@trpc/server/adapters/fastify";
import type { FastifyInstance } from "fastify";

/** The path of the tRPC router, which the web app's client uses too. */
export const TRPC_PREFIX = "/trpc";

export interface TrpcRouteOptions<TRouter extends AnyTRPCRouter> {
  readonly router: TRouter;
  readonly createContext: (options: CreateFastifyContextOptions) => Promise<inferRouterContext<TRouter>>;
}

/**
 * Serves a tRPC router at `/trpc` over HTTP: single and batched queries and
 * mutations, and subscriptions as server-sent events. The router's middleware
 * logs internal errors of procedures, so this logs only earlier ones, such as
 * a failed createContext.
 */
export async function registerTrpc<TRouter extends AnyTRPCRouter>(
  app: FastifyInstance,
  { router, createContext }: TrpcRouteOptions<TRouter>,
): Promise<void> {
  const options: FastifyTRPCPluginOptions<TRouter> = {
    prefix: TRPC_PREFIX,
    trpcOptions: {
      router,
      createContext,
      onError({ error, path, req }) {
        if (error.code === "INTERNAL_SERVER_ERROR" && path === undefined) {
          req.log.error({ err: error.cause ?? error }, "tRPC request failed before reaching a procedure");
        }
      },
    },
  };
  await app.register(fastifyTRPCPlugin, options);
}
