import { valuesEqual } from "@crm/domain";
import { useEffect, useState } from "react";
import type { ReadTransaction } from "replicache";

import { useReplicache } from "./replicache-context";

export interface ReplicaQueryResult<R> {
  /** The latest result, or the initial value until the first one arrives. */
  readonly data: R;
  /** True until the first result of the current query arrives. */
  readonly loading: boolean;
  /** The error the last run threw, if any. */
  readonly error: unknown;
}

interface Answer<R> {
  readonly query: (tx: ReadTransaction) => Promise<R>;
  /** Boxed, so that a result of `undefined` still counts as one. */
  readonly result: { readonly data: R } | undefined;
  readonly error: unknown;
}

/**
 * Runs a read over the replica and runs it again whenever the data it read
 * changes. Pass a stable `query` from `useCallback`, because a new function
 * starts a new subscription and the hook returns `initial` until it responds.
 */
export function useReplicaQuery<R>(
  query: (tx: ReadTransaction) => Promise<R>,
  initial: R,
): ReplicaQueryResult<R> {
  const rep = useReplicache();
  const [answer, setAnswer] = useState<Answer<R> | undefined>(undefined);

  useEffect(
    () =>
      rep.subscribe(query, {
        onData: (data) => {
          setAnswer({ query, result: { data }, error: undefined });
        },
        onError: (error) => {
          setAnswer((previous) => ({
            query,
            result: previous?.query === query ? previous.result : undefined,
            error,
          }));
        },
        // Results hold Dates, which Replicache's JSON comparison would see as equal.
        isEqual: valuesEqual,
      }),
    [rep, query],
  );

  if (answer?.query !== query) return { data: initial, loading: true, error: undefined };
  return { data: answer.result ? answer.result.data : initial, loading: false, error: answer.error };
}
