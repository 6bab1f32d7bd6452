import { Replicache, type KVStoreProvider, type LogLevel } from "replicache";

import { createClientMutators, type ClientMutators } from "./mutators";
import { replicaIndexes } from "./replica";
import { createSyncStatus, type SyncStatusStore } from "./status";
import { createPuller, createPusher } from "./sync-transport";
import type { SyncTrpcClient } from "./trpc-client";

/** The app's Replicache: the client mutators under `rep.mutate`. */
export type CrmReplicache = Replicache<ClientMutators>;

/**
 * The version of the replica's values and mutator arguments. Raising it
 * starts a new client group with an empty replica, so raise it only when
 * values change shape.
 */
export const REPLICA_SCHEMA_VERSION = "1";

export interface CreateReplicacheOptions {
  /** The app's name for its replica. The user id is appended, so users of one browser never share one. */
  readonly name: string;
  readonly trpc: SyncTrpcClient;
  /** The signed-in user, who owns what this device logs. */
  readonly userId: string;
  /**
   * The replica's storage: IndexedDB in browsers when omitted, `"mem"` in Node
   * and tests, or a store provider of the app's own (React Native).
   */
  readonly kvStore?: "idb" | "mem" | KVStoreProvider;
  /** Milliseconds between background pulls, null for none, or Replicache's default when omitted. Pokes pull sooner. */
  readonly pullInterval?: number | null;
  readonly logLevel?: LogLevel;
}

const statusStores = new WeakMap<CrmReplicache, SyncStatusStore>();

/**
 * Creates the replica: custom pusher and puller over tRPC, the indexes the
 * feeds scan, and a sync status model (`syncStatusOf`).
 */
export function createReplicache(options: CreateReplicacheOptions): CrmReplicache {
  const status = createSyncStatus();
  // Runs only after the constructor has returned: Replicache calls its puller asynchronously.
  const pullAgain = () => {
    // A failed pull is retried by Replicache and reported through the status.
    rep.pull({ now: true }).catch(() => undefined);
  };

  const rep: CrmReplicache = new Replicache({
    name: `${options.name}/${options.userId}`,
    schemaVersion: REPLICA_SCHEMA_VERSION,
    mutators: createClientMutators({ userId: options.userId }),
    indexes: replicaIndexes,
    pusher: createPusher(options.trpc, status.reporter),
    puller: createPuller(options.trpc, status.reporter, pullAgain),
    ...(options.kvStore === undefined ? {} : { kvStore: options.kvStore }),
    ...(options.pullInterval === undefined ? {} : { pullInterval: options.pullInterval }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });

  status.connect(rep);
  statusStores.set(rep, status.store);
  return rep;
}

/** Returns the sync status of a replica made by `createReplicache`. */
export function syncStatusOf(rep: CrmReplicache): SyncStatusStore {
  const store = statusStores.get(rep);
  if (!store) throw new Error("this Replicache has no sync status. Create it with createReplicache.");
  return store;
}

/**
 * Pulls whenever the server pokes: a change committed in the workspace. Also
 * pulls when the subscription (re)starts, to catch changes made while it was
 * down. Returns the function that stops listening.
 */
export function subscribeToPokes(rep: Pick<CrmReplicache, "pull">, trpc: SyncTrpcClient): () => void {
  const pull = () => {
    // Replicache retries failed pulls itself, and the status reports them.
    rep.pull().catch(() => undefined);
  };
  const subscription = trpc.sync.poke.subscribe(
    {},
    {
      onStarted: pull,
      onData: pull,
      // The subscription link reconnects by itself, and onStarted pulls when it does.
      onError: () => undefined,
    },
  );
  return () => {
    subscription.unsubscribe();
  };
}
