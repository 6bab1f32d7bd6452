import type { FieldErrors } from "@crm/domain";
import { getErrorShape, TRPCError } from "@trpc/server";

import { appRouter } from "../src/routers";

/** The parts of a failed call's error that a tRPC client reads. */
export interface ClientError {
  readonly message: string;
  readonly data: { readonly code: string; readonly fieldErrors: FieldErrors | null };
}

/**
 * Awaits a caller call that must fail and returns its error as a client over
 * HTTP would receive it, passed through the router's error formatter.
 */
export async function clientErrorOf(call: Promise<unknown>): Promise<ClientError> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error("The call succeeded, but the test expected it to fail.");
  if (!(caught instanceof TRPCError)) {
    throw new Error("The call failed with something other than a TRPCError.", { cause: caught });
  }

  const shape = getErrorShape({
    config: appRouter._def._config,
    error: caught,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return { message: shape.message, data: { code: shape.data.code, fieldErrors: shape.data.fieldErrors } };
}
