import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import superjson from "superjson";

// The client package depends on this one for its own tests, and the task
// runner refuses a cycle between packages, so its source is imported by path.
import {
  createReplicache,
  subscribeToPokes,
  type CrmReplicache,
  type SyncTrpcClient,
} from "../../client/src/index";

export {
  interactionEditBase,
  interactionFromReplica,
  replicaKey,
  type ReplicaFailure,
  type ReplicaInteraction,
} from "../../client/src/index";
import type { Actor, RequestContext, ServiceContext } from "../src/context";
import { appRouter, type AppRouter } from "../src/routers";

/** Whether the server can be reached; a test switches it off to go offline. */
export interface Network {
  online: boolean;
}

/** One device: a Replicache replica synced through the real router, in this process. */
export interface Device {
  readonly rep: CrmReplicache;
  readonly network: Network;
  /** Every pull answer's patch length, in order. */
  readonly patchSizes: number[];
  close(): Promise<void>;
}

export interface DeviceOptions {
  /** The session the device signs in with; read at every request, so a test can change a role. */
  readonly actor: () => Actor;
  readonly name?: string;
  /** Listen to pokes so that changes arrive without a manual pull; on by default. */
  readonly live?: boolean;
}

let devices = 0;

/**
 * Opens a device: `createReplicache` with an in-memory store and no
 * background pulls, over a tRPC client whose link calls the router in this
 * process. Inputs and outputs pass through superjson as on the wire.
 */
export function openDevice(services: ServiceContext, options: DeviceOptions): Device {
  const network: Network = { online: true };
  const patchSizes: number[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const trpc = createTRPCClient<AppRouter>({
    links: [inProcessLink(services, options.actor, { network, patchSizes, inFlight })],
  });
  devices += 1;
  const rep = createReplicache({
    name: options.name ?? `device-${devices}-${Math.random().toString(36).slice(2)}`,
    trpc: trpc as unknown as SyncTrpcClient,
    userId: options.actor().userId,
    kvStore: "mem",
    pullInterval: null,
    logLevel: "error",
  });
  const stopPokes = options.live === false ? () => undefined : subscribeToPokes(rep, trpc as unknown as SyncTrpcClient);
  return {
    rep,
    network,
    patchSizes,
    // Waits for requests the server is still serving, so a test's cleanup never races them.
    close: async () => {
      stopPokes();
      await rep.close();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads one key of a replica. */
export function readKey(rep: CrmReplicache, key: string): Promise<unknown> {
  return rep.query((tx) => tx.get(key));
}

/** Reads every key of a replica under a prefix, with its value. */
export function readPrefix(rep: CrmReplicache, prefix: string): Promise<Map<string, unknown>> {
  return rep.query(async (tx) => new Map<string, unknown>(await tx.scan({ prefix }).entries().toArray()));
}

interface LinkState {
  readonly network: Network;
  readonly patchSizes: number[];
  readonly inFlight: Set<Promise<unknown>>;
}

function inProcessLink(
  services: ServiceContext,
  actor: () => Actor,
  { network, patchSizes, inFlight }: LinkState,
): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const abort = new AbortController();
        const context = (): RequestContext => ({
          services,
          actor: actor(),
          sessionToken: null,
          cookies: null,
          requestId: `device-${op.id}`,
        });
        const fail = (error: unknown) => {
          observer.error(clientError(error, op.path, context()));
        };

        const request = (async () => {
          if (!network.online) throw new OfflineError();
          const input = wire(op.input);
          const output: unknown = await callTRPCProcedure({
            router: appRouter,
            path: op.path,
            getRawInput: () => Promise.resolve(input),
            ctx: context(),
            type: op.type,
            signal: abort.signal,
            batchIndex: 0,
          });

          if (op.type !== "subscription") {
            if (op.path === "sync.pull") patchSizes.push(patchLength(output));
            observer.next({ result: { type: "data", data: wire(output) } });
            observer.complete();
            return;
          }
          if (!isAsyncIterable(output)) throw new Error(`${op.path} did not return an async iterable`);
          observer.next({ result: { type: "started" } });
          for await (const event of output) observer.next({ result: { type: "data", data: wire(event) } });
          observer.complete();
        })().catch(fail);
        if (op.type !== "subscription") {
          inFlight.add(request);
          void request.finally(() => inFlight.delete(request));
        }

        return () => {
          abort.abort();
        };
      });
}

/** Builds the client's error: a network failure has no shape, like a failed fetch, and a server error carries the router's error shape. */
function clientError(error: unknown, path: string, ctx: RequestContext): TRPCClientError<AppRouter> {
  if (error instanceof OfflineError) return TRPCClientError.from(error);
  const shape = getTRPCErrorShape({
    config: appRouter._def._config,
    error: getTRPCErrorFromUnknown(error),
    type: "unknown",
    path,
    input: undefined,
    ctx,
  });
  return TRPCClientError.from({ error: shape });
}

/** What fetch throws when the server cannot be reached. */
class OfflineError extends TypeError {
  constructor() {
    super("fetch failed");
  }
}

function wire<T>(value: T): T {
  return superjson.parse<T>(superjson.stringify(value));
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function patchLength(output: unknown): number {
  const response = (output as { response?: { patch?: readonly unknown[] } }).response;
  return response?.patch?.length ?? 0;
}
