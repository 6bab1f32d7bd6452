import { createCaller, type Actor, type RequestContext, type ServiceContext } from "@crm/api";
import type { SyncTrpcClient } from "@crm/client";
import superjson from "superjson";

/** Whether the device reaches the server; off, every push and pull fails as a dropped connection does. */
export interface Network {
  online: boolean;
}

export type Caller = ReturnType<typeof createCaller>;

/** The time a replica's pulls spend in the server's procedure, and encoding and decoding on the way. */
export interface PullMeter {
  pulls: number;
  serverMs: number;
  wireMs: number;
}

/** Returns a tRPC caller acting as `actor`, as the HTTP adapter builds it for a signed-in request. */
export function callerFor(services: ServiceContext, actor: Actor): Caller {
  const context: RequestContext = { services, actor, sessionToken: null, cookies: null, requestId: "bench" };
  return createCaller(context);
}

/**
 * Returns the sync procedures a replica calls, served by the real router in
 * this process. Inputs and outputs go through superjson as on the wire, so
 * the cost of encoding a pull is counted, but not the socket's.
 */
export function inProcessSync(caller: Caller, network: Network, meter?: PullMeter): SyncTrpcClient {
  return {
    sync: {
      push: {
        mutate: async (request) => {
          if (!network.online) throw new TypeError("fetch failed");
          return wire(await caller.sync.push(wire(request) as Parameters<Caller["sync"]["push"]>[0]));
        },
      },
      pull: {
        mutate: async (request) => {
          if (!network.online) throw new TypeError("fetch failed");
          const started = performance.now();
          const input = wire(request) as Parameters<Caller["sync"]["pull"]>[0];
          const answered = performance.now();
          const output = await caller.sync.pull(input);
          const served = performance.now();
          const result = wire(output);
          if (meter !== undefined) {
            meter.pulls += 1;
            meter.serverMs += served - answered;
            meter.wireMs += answered - started + (performance.now() - served);
          }
          return result;
        },
      },
      // The benchmark starts every pull itself, and no other writer touches these workspaces.
      poke: { subscribe: () => ({ unsubscribe: () => undefined }) },
    },
  };
}

function wire<T>(value: T): T {
  return superjson.parse<T>(superjson.stringify(value));
}
