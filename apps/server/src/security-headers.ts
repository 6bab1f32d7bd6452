import type { FastifyInstance } from "fastify";

/**
 * The web app's content security policy. Everything loads from this origin,
 * nothing may frame the app, and forms and `<base>` cannot point elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Adds the security headers of every response. A route may set stricter ones. */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "same-origin");
    reply.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    reply.header("X-Frame-Options", "DENY");
    reply.header("X-Request-Id", request.id);
    done();
  });
}
