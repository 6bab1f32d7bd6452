import { DomainError, type FieldErrors } from "@crm/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";

import type { Actor, RequestContext } from "./context";

/** How often an idle subscription stream carries a ping comment. */
export const SSE_PING_INTERVAL_MS = 15_000;

/**
 * How long a client waits without data or a ping before it reconnects: two
 * missed pings and some slack. tRPC rejects a value below the ping interval.
 */
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 40_000;

const t = initTRPC.context<RequestContext>().create({
  transformer: superjson,
  // Proxies close a response that stays silent too long (nginx after 60
  // seconds by default), so idle poke streams carry pings. The client link
  // skips pings and learns the reconnect delay when the stream opens.
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
  },
  errorFormatter({ shape, error }) {
    const fieldErrors = fieldErrorsOf(error);
    // Stack traces stay in the server log: they reveal file paths and code to any client.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: fieldErrors ? summarizeFieldErrors(fieldErrors) : shape.message,
      data: { ...data, fieldErrors: fieldErrors ?? null },
    };
  },
});

/**
 * Turns a `DomainError` thrown by a service into the matching tRPC error, so
 * services stay free of transport concerns and clients get the right code.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

const logErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.services.logger.error(
      { err: result.error.cause ?? result.error, path, requestId: ctx.requestId, workspaceId: ctx.actor?.workspaceId },
      "procedure failed",
    );
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(logErrors).use(domainErrors);

/** A procedure that requires a session; `ctx.actor` is non-null inside it. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, actor: ctx.actor satisfies Actor } });
});

/** A procedure that requires an admin session. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin of this workspace can do this." });
  }
  return next();
});

/**
 * Collects field errors from a schema failure on procedure input (zod issues
 * carry paths) or from a domain validation error.
 */
function fieldErrorsOf(error: TRPCError): FieldErrors | undefined {
  const cause: unknown = error.cause;
  if (cause instanceof DomainError) return cause.fieldErrors;
  if (error.code !== "BAD_REQUEST" || !hasIssues(cause)) return undefined;

  const errors: Record<string, string[]> = {};
  for (const issue of cause.issues) {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
    const key = path.length > 0 ? path.join(".") : "input";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[];
}

function hasIssues(value: unknown): value is { issues: readonly SchemaIssue[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

function summarizeFieldErrors(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([path, messages]) => `${path}: ${messages.join("; ")}`)
    .join("\n");
}
