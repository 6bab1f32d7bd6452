import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Paths the server handles itself. A miss under them gets a JSON 404, never the web app. */
const API_PREFIXES = ["/trpc", "/files", "/healthz"];

/**
 * Serves the built web app from `webDist`, when there is one. Hashed assets are
 * cached for a year and index.html is revalidated, so a new build reaches
 * browsers at once. A page request (a GET that accepts HTML) for any other path
 * gets index.html, so client-side routes survive a reload. Other misses get a JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  if (webDist === null) {
    app.setNotFoundHandler((request, reply) => notFound(request, reply));
    return;
  }

  await app.register(fastifyStatic, {
    root: webDist,
    prefix: "/",
    wildcard: true,
    index: ["index.html"],
    // The headers below replace the static plugin's own Cache-Control.
    cacheControl: false,
    setHeaders(response, path) {
      const immutable = /[\\/]assets[\\/]/.test(path);
      response.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });

  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request)) {
      return reply.header("Cache-Control", "no-cache").sendFile("index.html");
    }
    return notFound(request, reply);
  });
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: `Nothing is served at ${request.method} ${pathOf(request)}.` });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? "";
}

function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const path = pathOf(request);
  if (API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return request.headers.accept?.includes("text/html") ?? false;
}
