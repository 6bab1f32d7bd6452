import { DomainError, type FieldErrors } from "@crm/domain";
import { TRPCError } from "@trpc/server";

/** How a call failed, as a client sees it: the tRPC code, the message and the field errors by path. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
  readonly fieldErrors: FieldErrors;
}

/**
 * Awaits a call that must fail and returns how it failed. Field errors come
 * from the DomainError a service threw or from the input schema's issues,
 * keyed by dotted path like the error formatter keys them for clients.
 */
export async function rejectionOf(call: Promise<unknown>): Promise<Rejection> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error("The call succeeded, but the test expected it to fail.");

  if (caught instanceof DomainError) {
    return { code: caught.code, message: caught.message, fieldErrors: caught.fieldErrors ?? {} };
  }
  if (!(caught instanceof TRPCError)) throw new Error("The call failed with an unexpected error.", { cause: caught });
  const cause: unknown = caught.cause;
  if (cause instanceof DomainError) {
    return { code: caught.code, message: caught.message, fieldErrors: cause.fieldErrors ?? {} };
  }
  return { code: caught.code, message: caught.message, fieldErrors: issuesByPath(cause) };
}

function issuesByPath(cause: unknown): FieldErrors {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of issues as { message: string; path?: readonly PropertyKey[] }[]) {
    const key = (issue.path ?? []).map(String).join(".") || "input";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}
