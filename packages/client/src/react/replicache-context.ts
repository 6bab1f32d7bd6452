import { createContext, createElement, useContext, type ReactNode } from "react";

import type { CrmReplicache } from "../create-replicache";

const ReplicacheContext = createContext<CrmReplicache | null>(null);

export interface ReplicacheProviderProps {
  /** The replica of the signed-in user, from `createReplicache`. */
  readonly rep: CrmReplicache;
  readonly children?: ReactNode;
}

/** Makes the replica available to the hooks below it. */
export function ReplicacheProvider({ rep, children }: ReplicacheProviderProps): ReactNode {
  return createElement(ReplicacheContext.Provider, { value: rep }, children);
}

/** Returns the replica given to the nearest `ReplicacheProvider`. */
export function useReplicache(): CrmReplicache {
  const rep = useContext(ReplicacheContext);
  if (!rep) throw new Error("useReplicache needs a ReplicacheProvider above it. Wrap the app in one.");
  return rep;
}
