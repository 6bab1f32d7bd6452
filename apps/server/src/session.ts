import { resolveSession, type Actor, type ServiceContext, type SessionCookies } from "@crm/api";
import type { FastifyReply, FastifyRequest } from "fastify";

/** The cookie that carries the session token for the web app. */
export const SESSION_COOKIE = "crm_session";

/** The signed-in user behind a request and the token that proved it. */
export interface RequestSession {
  readonly actor: Actor;
  readonly token: string;
}

/**
 * Resolves the session of a request from `Authorization: Bearer <token>` (API
 * clients), else from the session cookie (the web app). A missing, unknown or
 * expired token gives null, and the caller decides whether that is an error.
 */
export async function resolveRequestSession(
  services: ServiceContext,
  request: FastifyRequest,
): Promise<RequestSession | null> {
  const token = bearerToken(request.headers.authorization) ?? request.cookies[SESSION_COOKIE];
  if (token === undefined || token === "") return null;

  const actor = await resolveSession(services, token);
  return actor === null ? null : { actor, token };
}

/** Sets and clears the session cookie on a reply: httpOnly, SameSite=Lax, for the whole site. */
export function sessionCookies(reply: FastifyReply, secure: boolean): SessionCookies {
  return {
    set(token, expiresAt) {
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/", secure, expires: expiresAt });
    },
    clear() {
      reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", path: "/", secure });
    },
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
