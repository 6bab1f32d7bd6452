import { useSyncExternalStore } from "react";

import { syncStatusOf } from "../create-replicache";
import type { SyncStatus } from "../status";
import { useReplicache } from "./replicache-context";

/** Reads the replica's sync status: online, pending mutations, last sync. */
export function useSyncStatus(): SyncStatus {
  const store = syncStatusOf(useReplicache());
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** Reads the ids of interactions with edits the server has not confirmed yet, for "not yet synced" markers. */
export function usePendingIds(): ReadonlySet<string> {
  return useSyncStatus().pendingInteractionIds;
}
