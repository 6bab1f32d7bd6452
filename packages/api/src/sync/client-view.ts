import { queryRows, replicacheClientViews, type Executor, type Transaction } from "@crm/db";
import { and, eq, lt, sql } from "drizzle-orm";

/**
 * A client view record (CVR): the version of each replica key a client group
 * received in one pull, and the lastMutationID of each of its clients.
 * Versions are compared for equality only, never for order.
 */
export interface ClientView {
  readonly rows: ReadonlyMap<string, number>;
  readonly lastMutationIds: ReadonlyMap<string, number>;
}

/** The difference between a client group's view and the current state, at most `limit` operations. */
export interface ClientViewDiff {
  /** Keys to put, in the order of the current view. */
  readonly puts: readonly string[];
  /** Keys to delete, in key order. */
  readonly dels: readonly string[];
  /** True when operations beyond `limit` were left for a later pull. */
  readonly partial: boolean;
  /** Clients whose lastMutationID changed: all of them, as they are never capped. */
  readonly lastMutationIdChanges: ReadonlyMap<string, number>;
}

export const EMPTY_CLIENT_VIEW: ClientView = { rows: new Map(), lastMutationIds: new Map() };

/**
 * In the stored JSON, client entries share the object with replica keys. No
 * replica key starts with this prefix, so the two never collide.
 */
const LAST_MUTATION_ID_PREFIX = "lastMutationID/";

/** Loads the client view a group received at `version`, or undefined when it is gone or never existed. */
export async function loadClientView(
  tx: Transaction,
  workspaceId: string,
  clientGroupId: string,
  version: number,
): Promise<ClientView | undefined> {
  const [row] = await tx
    .select({ rowVersions: replicacheClientViews.rowVersions })
    .from(replicacheClientViews)
    .where(
      and(
        eq(replicacheClientViews.workspaceId, workspaceId),
        eq(replicacheClientViews.clientGroupId, clientGroupId),
        eq(replicacheClientViews.version, version),
      ),
    );
  return row === undefined ? undefined : fromStored(row.rowVersions);
}

/**
 * Compares a group's view with the current state. Puts come first, then
 * deletes, and the list stops after `limit` operations. The client view that
 * `applyDiff` builds records only those, so the rest go out in the next pull.
 */
export function diffClientViews(previous: ClientView, current: ClientView, limit: number): ClientViewDiff {
  const puts: string[] = [];
  for (const [key, version] of current.rows) {
    if (previous.rows.get(key) !== version) puts.push(key);
  }
  const dels = [...previous.rows.keys()].filter((key) => !current.rows.has(key)).sort();

  const keptPuts = puts.slice(0, limit);
  const keptDels = dels.slice(0, Math.max(0, limit - keptPuts.length));

  const lastMutationIdChanges = new Map<string, number>();
  for (const [clientId, lastMutationId] of current.lastMutationIds) {
    if (previous.lastMutationIds.get(clientId) !== lastMutationId) lastMutationIdChanges.set(clientId, lastMutationId);
  }

  return {
    puts: keptPuts,
    dels: keptDels,
    partial: keptPuts.length + keptDels.length < puts.length + dels.length,
    lastMutationIdChanges,
  };
}

/**
 * The client view after the client applies `diff`: sent puts take their
 * current version, sent deletes leave, and everything not sent keeps the
 * version the client has, so the next pull sends it.
 */
export function applyDiff(previous: ClientView, diff: ClientViewDiff, current: ClientView): ClientView {
  const rows = new Map(previous.rows);
  for (const key of diff.puts) {
    const version = current.rows.get(key);
    if (version !== undefined) rows.set(key, version);
  }
  for (const key of diff.dels) rows.delete(key);
  return { rows, lastMutationIds: current.lastMutationIds };
}

/** The snapshot a stored view was built in, and whether the view contains all of that snapshot. */
export interface ClientViewState {
  readonly snapshot: string;
  readonly complete: boolean;
}

/**
 * Stores the client view a group receives at `version`, then deletes the
 * group's views older than `keepFrom` (the one the pull started from), so a
 * group keeps at most the two latest.
 */
export async function storeClientView(
  tx: Transaction,
  workspaceId: string,
  clientGroupId: string,
  version: number,
  view: ClientView,
  state: ClientViewState,
  keepFrom: number,
): Promise<void> {
  await tx.insert(replicacheClientViews).values({
    workspaceId,
    clientGroupId,
    version,
    rowVersions: toStored(view),
    snapshot: state.snapshot,
    complete: state.complete,
  });
  await tx
    .delete(replicacheClientViews)
    .where(
      and(
        eq(replicacheClientViews.workspaceId, workspaceId),
        eq(replicacheClientViews.clientGroupId, clientGroupId),
        lt(replicacheClientViews.version, keepFrom),
      ),
    );
}

function toStored(view: ClientView): Record<string, number> {
  const stored: Record<string, number> = Object.fromEntries(view.rows);
  for (const [clientId, lastMutationId] of view.lastMutationIds) {
    stored[`${LAST_MUTATION_ID_PREFIX}${clientId}`] = lastMutationId;
  }
  return stored;
}

function fromStored(stored: Readonly<Record<string, number>>): ClientView {
  const rows = new Map<string, number>();
  const lastMutationIds = new Map<string, number>();
  for (const [key, version] of Object.entries(stored)) {
    if (key.startsWith(LAST_MUTATION_ID_PREFIX)) {
      lastMutationIds.set(key.slice(LAST_MUTATION_ID_PREFIX.length), version);
    } else {
      rows.set(key, version);
    }
  }
  return { rows, lastMutationIds };
}

/**
 * Marks the view a group has at `version` as complete in `snapshot`: a pull
 * in that snapshot found it equal to the current view. The row versions stay
 * as stored, and so does the cookie.
 */
export async function markClientViewCurrent(
  tx: Transaction,
  workspaceId: string,
  clientGroupId: string,
  version: number,
  snapshot: string,
): Promise<void> {
  await tx
    .update(replicacheClientViews)
    .set({ snapshot, complete: true })
    .where(
      and(
        eq(replicacheClientViews.workspaceId, workspaceId),
        eq(replicacheClientViews.clientGroupId, clientGroupId),
        eq(replicacheClientViews.version, version),
      ),
    );
}

/** Returns the snapshot of the current transaction, which under REPEATABLE READ every statement of it shares. */
export async function transactionSnapshot(tx: Transaction): Promise<string> {
  const [row] = await queryRows<{ snapshot: string }>(tx, sql`select pg_current_snapshot()::text as snapshot`);
  if (row === undefined) throw new Error("PostgreSQL returned no snapshot.");
  return row.snapshot;
}

/**
 * True when the caller's client group has, at `version`, a complete view
 * and no transaction that its snapshot could not see has changed the
 * workspace since: a pull would find nothing to send. One statement, with no
 * transaction and no lock, and no reading of the stored view itself, so its
 * cost does not grow with the workspace. False in every other case (a group
 * of another user, an unknown version, a view left partial), and the pull
 * then compares the views.
 */
export async function isClientViewCurrent(
  db: Executor,
  actor: { readonly workspaceId: string; readonly userId: string },
  clientGroupId: string,
  version: number,
): Promise<boolean> {
  const [row] = await queryRows<{ current: boolean }>(
    db,
    sql`
      select not exists (
        select 1 from replica_changes as change
        where change.workspace_id = view.workspace_id
          and change.xid >= pg_snapshot_xmin(view.snapshot)
          and not pg_visible_in_snapshot(change.xid, view.snapshot)
      ) as current
      from replicache_client_views as view
      join replicache_client_groups as client_group on client_group.id = view.client_group_id
      where view.client_group_id = ${clientGroupId}
        and view.version = ${version}
        and view.workspace_id = ${actor.workspaceId}
        and view.complete
        and view.snapshot is not null
        and client_group.workspace_id = ${actor.workspaceId}
        and client_group.user_id = ${actor.userId}`,
  );
  return row?.current === true;
}

/**
 * How long a change record outlives the last view that needs it. A pull
 * lasts milliseconds; this margin covers a pull whose view is not yet
 * committed when another pull prunes.
 */
const CHANGE_RECORD_MARGIN = "1 hour";

/**
 * Deletes the workspace's change records that every stored view's snapshot
 * already covers, because no later comparison can need them.
 */
export async function pruneReplicaChanges(tx: Transaction, workspaceId: string): Promise<void> {
  // TODO: views of client groups that never pull again are kept forever and hold back this pruning.
  await tx.execute(sql`
    delete from replica_changes
    where workspace_id = ${workspaceId}
      and created_at < clock_timestamp() - ${CHANGE_RECORD_MARGIN}::interval
      and xid < (
        select min(pg_snapshot_xmin(snapshot)) from replicache_client_views
        where workspace_id = ${workspaceId}
      )`);
}
