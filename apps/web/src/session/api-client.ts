import type { AppRouter } from "@crm/api";
import { createTrpcClient, type SyncTrpcClient } from "@crm/client";
import type { TRPCClient } from "@trpc/client";

/** The typed API client. Requests carry the session cookie, which the server sets at sign-in. */
export type ApiClient = TRPCClient<AppRouter>;

const TRPC_URL = "/trpc";

export const api: ApiClient = createTrpcClient<AppRouter>({ url: TRPC_URL });

/** The same client, typed as the sync transport expects it: push, pull and pokes. */
// NOTE: the cast bridges one difference: the router types push `args` as mutable JSON, Replicache as readonly JSON.
export const syncApi = api as unknown as SyncTrpcClient;

/** Returns whether a failed call got no response at all, because the device is offline or the server is down. */
export function isNetworkError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { data, meta } = error as { data?: { httpStatus?: unknown }; meta?: { response?: unknown } };
  return data?.httpStatus === undefined && meta?.response === undefined;
}

/** Returns a message for the user from a failed API call. */
export function errorMessage(error: unknown): string {
  if (isNetworkError(error)) return "The server could not be reached. Check the connection and try again.";
  return error instanceof Error && error.message ? error.message : "Something went wrong; try again.";
}
