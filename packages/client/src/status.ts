import type { PendingMutation, Replicache } from "replicache";

import type { ConnectionReporter } from "./sync-transport";

/** The sync state behind the offline banner, the pending count and "not yet synced" markers. */
export interface SyncStatus {
  /** False after a push or pull got no response, and true again after the next response. */
  readonly online: boolean;
  /** A push or pull is under way. */
  readonly syncing: boolean;
  /** Mutations made on this device that the server has not confirmed yet. */
  readonly pendingCount: number;
  /** Ids of interactions with such mutations, lowercase. */
  readonly pendingInteractionIds: ReadonlySet<string>;
  /** The time a push or pull last succeeded on this device, or null before the first. */
  readonly lastSyncedAt: Date | null;
  /** The error message of the last failed push or pull, or null once one succeeds again. */
  readonly lastError: string | null;
}

/** A store in the shape React's `useSyncExternalStore` reads. */
export interface SyncStatusStore {
  readonly getSnapshot: () => SyncStatus;
  readonly subscribe: (listener: () => void) => () => void;
  /** Reads the pending mutations again. After changes the store does this itself: at once, then once per PENDING_REFRESH_DELAY_MS. */
  readonly refresh: () => Promise<void>;
}

/** The parts of Replicache the status reads. */
export type StatusSource = Pick<Replicache, "experimentalPendingMutations" | "experimentalWatch" | "onSync">;

export interface SyncStatusTracker {
  readonly store: SyncStatusStore;
  /** Given to the pusher and the puller. */
  readonly reporter: ConnectionReporter;
  /** Starts following a Replicache instance: its mutations, pulls and push/pull activity. */
  connect(source: StatusSource): () => void;
}

const INITIAL_STATUS: SyncStatus = {
  online: true,
  syncing: false,
  pendingCount: 0,
  pendingInteractionIds: new Set(),
  lastSyncedAt: null,
  lastError: null,
};

/**
 * The shortest time between two reads of the pending list after changes to
 * the replica. The read costs in proportion to the offline queue. A burst of
 * edits (typing, a first sync, an import) changes the replica many times in a
 * row. The first change of a burst is read at once and the rest once each
 * interval, so most reads stay off the path from an edit to the screen.
 */
export const PENDING_REFRESH_DELAY_MS = 30;

/** Creates the sync status model. `createReplicache` wires one to each instance. */
export function createSyncStatus(clock: () => Date = () => new Date()): SyncStatusTracker {
  let status = INITIAL_STATUS;
  let source: StatusSource | undefined;
  const listeners = new Set<() => void>();

  const update = (changes: Partial<SyncStatus>) => {
    const next = { ...status, ...changes };
    if (sameStatus(status, next)) return;
    status = next;
    for (const listener of listeners) listener();
  };

  // Reads of the pending list run one at a time, plus one more if anything changed meanwhile.
  let reading: Promise<void> | undefined;
  let readAgain = false;
  const refresh = async (): Promise<void> => {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        const pending = await readPending(source);
        if (pending) update(pending);
      } while (readAgain);
    })();
    try {
      await reading;
    } finally {
      reading = undefined;
    }
  };

  // A change reads at once unless a read happened within the interval, and
  // changes inside the interval share one read at its end.
  let interval: ReturnType<typeof setTimeout> | undefined;
  let changedInInterval = false;
  const startInterval = () => {
    interval = setTimeout(() => {
      interval = undefined;
      if (!changedInInterval) return;
      changedInInterval = false;
      void refresh();
      startInterval();
    }, PENDING_REFRESH_DELAY_MS);
  };
  const refreshSoon = () => {
    if (interval !== undefined) {
      changedInInterval = true;
      return;
    }
    void refresh();
    startInterval();
  };

  const store: SyncStatusStore = {
    getSnapshot: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
  };

  const reporter: ConnectionReporter = {
    succeeded() {
      update({ online: true, lastSyncedAt: clock(), lastError: null });
      void refresh();
    },
    failed(reachable, message) {
      update({ online: reachable, lastError: message });
      void refresh();
    },
  };

  return {
    store,
    reporter,
    connect(next) {
      source = next;
      next.onSync = (syncing) => {
        update({ syncing });
        // A finished pull may have confirmed mutations without changing any value.
        if (!syncing) void refresh();
      };
      const stopWatching = next.experimentalWatch(refreshSoon);
      void refresh();
      return () => {
        stopWatching();
        clearTimeout(interval);
        interval = undefined;
        changedInInterval = false;
        next.onSync = null;
        if (source === next) source = undefined;
      };
    },
  };
}

/** Returns the id of the interaction a pending mutation edits, when it edits one. */
export function pendingInteractionId(mutation: Pick<PendingMutation, "name" | "args">): string | undefined {
  const args = mutation.args;
  if (typeof args !== "object" || args === null || Array.isArray(args)) return undefined;
  const record = args as { readonly id?: unknown; readonly interaction?: { readonly id?: unknown } };
  const id =
    mutation.name === "createInteraction"
      ? record.interaction?.id
      : mutation.name === "updateInteraction" || mutation.name === "deleteInteraction"
        ? record.id
        : undefined;
  return typeof id === "string" ? id.toLowerCase() : undefined;
}

async function readPending(source: StatusSource | undefined): Promise<Partial<SyncStatus> | undefined> {
  if (!source) return undefined;
  let pending: readonly PendingMutation[];
  try {
    pending = await source.experimentalPendingMutations();
  } catch {
    // A closed instance has nothing left to report.
    return undefined;
  }
  const ids = new Set<string>();
  for (const mutation of pending) {
    const id = pendingInteractionId(mutation);
    if (id !== undefined) ids.add(id);
  }
  return { pendingCount: pending.length, pendingInteractionIds: ids };
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.online === b.online &&
    a.syncing === b.syncing &&
    a.pendingCount === b.pendingCount &&
    a.lastSyncedAt === b.lastSyncedAt &&
    a.lastError === b.lastError &&
    a.pendingInteractionIds.size === b.pendingInteractionIds.size &&
    [...a.pendingInteractionIds].every((id) => b.pendingInteractionIds.has(id))
  );
}
