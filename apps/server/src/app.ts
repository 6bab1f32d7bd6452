import { appRouter, type RequestContext, type ServiceContext } from "@crm/api";
import type { DatabaseHandle } from "@crm/db";
import fastifyCookie from "@fastify/cookie";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import { sql } from "drizzle-orm";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import { uuidv7 } from "uuidv7";

import type { ServerConfig } from "./config";
import { closeEventStreamsOnClose } from "./event-streams";
import { registerFileRoutes } from "./file-routes";
import { addSecurityHeaders } from "./security-headers";
import { resolveRequestSession, sessionCookies } from "./session";
import { registerTrpc } from "./trpc-routes";
import { registerWebApp } from "./web-app";

export interface AppOptions {
  readonly config: ServerConfig;
  readonly handle: DatabaseHandle;
  /** Services over `handle`. Their logger is the server's logger. */
  readonly services: ServiceContext;
}

/**
 * A tRPC batch names every procedure in the path (`contacts.get,interactions.listInvolving,...`),
 * far beyond Fastify's default of 100 characters.
 */
const MAX_PARAM_LENGTH = 8 * 1024;

/**
 * The largest JSON body, an estimate. A sync push after a long time offline
 * carries many mutations, and each interaction body may have 100,000 characters.
 */
const BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Builds the HTTP server: tRPC at `/trpc`, file upload and download at
 * `/files`, `/healthz`, and the built web app at `/` when it exists. The caller
 * listens and closes it. Closing ends open event streams and waits for the
 * other requests in flight.
 */
export async function buildApp({ config, handle, services }: AppOptions): Promise<FastifyInstance> {
  // Fastify's own logger type is the narrower interface its helpers expect.
  const logger: FastifyBaseLogger = services.logger;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => uuidv7(),
    requestIdHeader: "x-request-id",
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: BODY_LIMIT,
  });

  addSecurityHeaders(app);
  closeEventStreamsOnClose(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(status).send({ error: status >= 500 ? "The request failed on the server. Try again later." : error.message });
  });

  await app.register(fastifyCookie);

  await registerTrpc(app, {
    router: appRouter,
    createContext: async ({ req, res }: CreateFastifyContextOptions): Promise<RequestContext> => {
      const session = await resolveRequestSession(services, req);
      return {
        services: { ...services, logger: services.logger.child({ requestId: req.id }) },
        actor: session?.actor ?? null,
        sessionToken: session?.token ?? null,
        cookies: sessionCookies(res, config.cookieSecure),
        requestId: req.id,
      };
    },
  });

  await registerFileRoutes(app, { services, authenticate: (request) => resolveRequestSession(services, request) });

  app.get("/healthz", async (request, reply) => {
    try {
      await handle.db.execute(sql`select 1`);
      return { status: "ok" };
    } catch (error) {
      request.log.error({ err: error }, "health check failed: the database did not respond");
      return reply.code(503).send({ status: "unavailable", error: "The database did not respond." });
    }
  });

  await registerWebApp(app, config.webDist);

  return app;
}
