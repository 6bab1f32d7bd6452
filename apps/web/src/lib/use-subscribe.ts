import { useEffect, useState } from "react";
import type { ReadTransaction, Replicache } from "replicache";

/**
 * Runs `query` over the replica and re-renders whenever its result changes:
 * after a local mutation, a pull or another tab's edit. Pass a query memoised
 * with `useCallback`, so the subscription is renewed only when its inputs change.
 */
export function useSubscribe<R>(
  rep: Pick<Replicache, "subscribe"> | null,
  query: (tx: ReadTransaction) => Promise<R>,
  initial: R,
): { readonly data: R; readonly loaded: boolean } {
  const [state, setState] = useState<{ data: R; loaded: boolean; query: typeof query | null }>({
    data: initial,
    loaded: false,
    query: null,
  });

  useEffect(() => {
    if (!rep) return;
    return rep.subscribe(query, {
      onData: (data) => {
        setState({ data, loaded: true, query });
      },
    });
  }, [rep, query]);

  // Until a renewed subscription delivers data, the previous result stays so paging does not flicker.
  if (state.query !== query) return { data: state.loaded ? state.data : initial, loaded: false };
  return { data: state.data, loaded: state.loaded };
}
