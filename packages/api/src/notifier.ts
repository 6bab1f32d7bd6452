import { EventEmitter } from "node:events";

/**
 * A change that clients of a workspace should hear about: which contacts'
 * feeds it touched, so open feeds of other contacts can ignore it.
 */
export interface ChangeNotice {
  readonly workspaceId: string;
  readonly contactIds: readonly string[];
}

export type ChangeListener = (notice: ChangeNotice) => void;

/**
 * Delivers change notices after commit. The in-process implementation serves
 * one server on PGlite. On PostgreSQL, `createNotifier` in the sync layer sends
 * them over LISTEN/NOTIFY, so every server process sharing the database gets them.
 */
export interface Notifier {
  notify(notice: ChangeNotice): Promise<void>;
  /** Subscribes to one workspace's notices and returns the unsubscribe function. */
  subscribe(workspaceId: string, listener: ChangeListener): () => void;
}

/** Creates a notifier that delivers notices to listeners in this process only. */
export function createInProcessNotifier(): Notifier {
  const emitter = new EventEmitter();
  // Every open browser tab has one subscription, so the default cap of 10 is far too low.
  emitter.setMaxListeners(0);

  return {
    notify(notice) {
      emitter.emit(notice.workspaceId, notice);
      return Promise.resolve();
    },
    subscribe(workspaceId, listener) {
      emitter.on(workspaceId, listener);
      return () => emitter.off(workspaceId, listener);
    },
  };
}
