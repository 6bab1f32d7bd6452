import type {
  PatchOperation,
  PullRequest,
  Puller,
  PullerResult,
  PullResponseV1,
  Pusher,
  PusherResult,
  PushRequest,
  PushResponse,
} from "replicache";
import { z } from "zod";

import { parseReplicaValue } from "./replica";
import type { SyncTrpcClient } from "./trpc-client";

/** The outcome of each push and pull request, reported to the sync status. */
export interface ConnectionReporter {
  succeeded(): void;
  /** `reachable` is false when no response came back at all, because the device is offline or the server is down. */
  failed(reachable: boolean, message: string): void;
}

/**
 * Creates a Replicache pusher that sends the push request through `sync.push`.
 * The server returns undefined, or an error response that Replicache acts on.
 */
export function createPusher(trpc: SyncTrpcClient, reporter: ConnectionReporter): Pusher {
  return async (request: PushRequest): Promise<PusherResult> => {
    // Version 0 only serves clients of a storage format this app never had.
    if (request.pushVersion !== 1) return unsupported(`push version ${request.pushVersion} is not supported`);
    try {
      const output = await trpc.sync.push.mutate(request);
      const parsed = pushOutputSchema.safeParse(output);
      if (!parsed.success) return invalidAnswer(reporter, "sync.push", parsed.error);
      reporter.succeeded();
      return parsed.data ? { httpRequestInfo: OK, response: parsed.data } : { httpRequestInfo: OK };
    } catch (error) {
      return failedRequest(reporter, error);
    }
  };
}

/**
 * Creates a Replicache puller that fetches through `sync.pull` and checks every
 * value against the replica's shapes before Replicache stores it. When the
 * server marks the response partial, `pullAgain` runs right after.
 */
export function createPuller(
  trpc: SyncTrpcClient,
  reporter: ConnectionReporter,
  pullAgain: () => void,
): Puller {
  return async (request: PullRequest): Promise<PullerResult> => {
    if (request.pullVersion !== 1) return unsupported(`pull version ${request.pullVersion} is not supported`);
    let output: unknown;
    try {
      output = await trpc.sync.pull.mutate(request);
    } catch (error) {
      return failedRequest(reporter, error);
    }

    const parsed = pullOutputSchema.safeParse(output);
    if (!parsed.success) return invalidAnswer(reporter, "sync.pull", parsed.error);
    let response: PullResponseV1;
    try {
      response = checkedResponse(parsed.data.response);
    } catch (error) {
      return invalidAnswer(reporter, "sync.pull", error);
    }

    reporter.succeeded();
    // Replicache applies this response before it starts the next pull, so the next one sends the new cookie.
    if (parsed.data.partial) void Promise.resolve().then(pullAgain);
    return { httpRequestInfo: OK, response };
  };
}

const OK = { httpStatusCode: 200, errorMessage: "" } as const;

const clientStateNotFoundSchema = z.object({ error: z.literal("ClientStateNotFound") });
const versionNotSupportedSchema = z.object({
  error: z.literal("VersionNotSupported"),
  versionType: z.enum(["pull", "push", "schema"]).optional(),
});

const pushOutputSchema = z
  .union([z.undefined(), z.null(), clientStateNotFoundSchema, versionNotSupportedSchema])
  .transform((value): PushResponse | undefined => value ?? undefined);

const patchOperationSchema = z.discriminatedUnion("op", [
  // Each value is checked against its key's shape by parseReplicaValue, once.
  z.object({ op: z.literal("put"), key: z.string(), value: z.unknown() }),
  z.object({ op: z.literal("del"), key: z.string() }),
  z.object({ op: z.literal("clear") }),
]);

const pullOutputSchema = z.object({
  response: z.union([
    z.object({
      cookie: z.object({ order: z.number() }),
      lastMutationIDChanges: z.record(z.string(), z.number().int().min(0)),
      patch: z.array(patchOperationSchema),
    }),
    clientStateNotFoundSchema,
    versionNotSupportedSchema,
  ]),
  partial: z.boolean(),
});

type PullOutput = z.output<typeof pullOutputSchema>;

/** Checks each value the patch puts. Error responses pass through unchanged. */
function checkedResponse(response: PullOutput["response"]): PullResponseV1 {
  if ("error" in response) return response;
  const patch: PatchOperation[] = response.patch.map((operation) =>
    operation.op === "put"
      ? {
          op: "put",
          key: operation.key,
          value: parseReplicaValue(operation.key, operation.value),
        }
      : operation,
  );
  return { cookie: response.cookie, lastMutationIDChanges: response.lastMutationIDChanges, patch };
}

function unsupported(message: string): PusherResult & PullerResult {
  return { httpRequestInfo: { httpStatusCode: 400, errorMessage: message } };
}

function failedRequest(reporter: ConnectionReporter, error: unknown): PusherResult & PullerResult {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  reporter.failed(status !== 0, message);
  return { httpRequestInfo: { httpStatusCode: status, errorMessage: message } };
}

/** Reports a response outside the sync contract as a failed request, which Replicache retries later. */
function invalidAnswer(
  reporter: ConnectionReporter,
  procedure: string,
  error: unknown,
): PusherResult & PullerResult {
  const detail =
    error instanceof z.ZodError
      ? error.issues.map((issue) => `${issue.path.join(".") || "output"}: ${issue.message}`).join("; ")
      : error instanceof Error
        ? error.message
        : String(error);
  const message = `${procedure} returned a response outside the sync contract: ${detail}`;
  reporter.failed(true, message);
  return { httpRequestInfo: { httpStatusCode: 500, errorMessage: message } };
}

/**
 * Returns the HTTP status of a failed tRPC call, or 0 when no response came
 * back. A TRPCClientError carries the status in `data.httpStatus` when the
 * server responded with an error, and nothing when fetch itself failed.
 */
function httpStatusOf(error: unknown): number {
  if (typeof error !== "object" || error === null) return 0;
  const { data, meta } = error as {
    data?: { httpStatus?: unknown };
    meta?: { response?: { status?: unknown } };
  };
  if (typeof data?.httpStatus === "number") return data.httpStatus;
  if (typeof meta?.response?.status === "number") return meta.response.status;
  return 0;
}
