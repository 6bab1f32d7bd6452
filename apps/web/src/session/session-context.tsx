import { syncStatusOf, type CrmReplicache, type SyncStatus } from "@crm/client";
import { createContext, useContext, useMemo, useSyncExternalStore } from "react";

import type { SessionUser } from "./session-user";

export interface SessionValue {
  readonly user: SessionUser;
  readonly rep: CrmReplicache;
  /** True unless the browser reports no network or the last push or pull got no response. */
  readonly online: boolean;
  readonly signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** Returns the signed-in session, which every screen behind sign-in uses. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession needs a signed-in session; render the screen inside SessionRoot");
  return session;
}

/** Returns the replica's sync status and re-renders on every change. */
export function useSyncStatus(rep: CrmReplicache): SyncStatus {
  const store = useMemo(() => {
    const status = syncStatusOf(rep);
    return {
      subscribe: (listener: () => void) => status.subscribe(listener),
      getSnapshot: () => status.getSnapshot(),
    };
  }, [rep]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Returns whether the browser reports a network, and re-renders when that changes. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeToNetwork, () => navigator.onLine, () => true);
}

function subscribeToNetwork(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}
