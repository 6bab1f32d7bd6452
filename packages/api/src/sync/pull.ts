import {
  companies,
  contacts,
  interactions,
  memberships,
  replicacheClientGroups,
  replicacheClients,
  replicacheMutationFailures,
  runInTransaction,
  staffPersons,
  users,
  type ReplicacheMutationFailureRow,
  type Transaction,
} from "@crm/db";
import type { JsonObject, JsonValue } from "@crm/domain";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import type { Actor, ServiceContext } from "../context";
import { loadInteractions } from "../services/interactions/load-interactions";
import { lockClientGroup, lockOrCreateClientGroup } from "./client-group";
import {
  applyDiff,
  diffClientViews,
  EMPTY_CLIENT_VIEW,
  isClientViewCurrent,
  loadClientView,
  markClientViewCurrent,
  pruneReplicaChanges,
  storeClientView,
  transactionSnapshot,
  type ClientView,
} from "./client-view";
import {
  companyValue,
  contactValue,
  contentVersion,
  failureKey,
  failureValue,
  interactionValue,
  membershipValue,
  rowKey,
  SIGNED_IN_USER_KEY,
  signedInUserValue,
  staffValue,
  type RowKind,
} from "./replica-rows";

/**
 * The maximum number of patch operations in one pull. A larger difference
 * arrives over several pulls. Every pull lists the whole workspace, so a first
 * sync costs in proportion to the workspace times its number of pulls. The
 * cap bounds one response instead: an estimated 10 MB of JSON at the 2 KB of
 * a benchmark interaction.
 */
export const PULL_OPERATION_LIMIT = 5000;

/** Replicache's pull request, version 1, with this server's cookie. */
export const pullRequestSchema = z.object({
  pullVersion: z.number(),
  clientGroupID: z.string().min(1).max(255),
  cookie: z.object({ order: z.number().int().min(0) }).nullable(),
  profileID: z.string().max(255),
  schemaVersion: z.string().max(255),
});

export type PullRequest = z.output<typeof pullRequestSchema>;

export type PatchOperation =
  | { readonly op: "put"; readonly key: string; readonly value: JsonValue }
  | { readonly op: "del"; readonly key: string }
  | { readonly op: "clear" };

export interface PullResponseOk {
  readonly cookie: { readonly order: number };
  readonly lastMutationIDChanges: Readonly<Record<string, number>>;
  readonly patch: readonly PatchOperation[];
}

export type PullResponse =
  | PullResponseOk
  | { readonly error: "ClientStateNotFound" }
  | { readonly error: "VersionNotSupported"; readonly versionType: "pull" };

export interface PullResult {
  readonly response: PullResponse;
  /** True when more operations remain: the client pulls again at once. */
  readonly partial: boolean;
}

/**
 * Returns what changed in the caller's workspace since the client group's
 * cookie: the difference between its client view record and the current row
 * versions, at most PULL_OPERATION_LIMIT operations, and the new cookie.
 * A pull that finds nothing changed returns the same cookie and stores no
 * new view. When the workspace recorded no change since the view's snapshot,
 * one statement confirms that, without comparing the views.
 */
export async function pull(services: ServiceContext, actor: Actor, request: PullRequest): Promise<PullResult> {
  if (request.pullVersion !== 1) {
    return { response: { error: "VersionNotSupported", versionType: "pull" }, partial: false };
  }
  const clientGroupId = request.clientGroupID;

  if (request.cookie !== null && (await isClientViewCurrent(services.db, actor, clientGroupId, request.cookie.order))) {
    return { response: unchangedResponse(request.cookie.order), partial: false };
  }

  const result = await runInTransaction(
    services.db,
    async (tx): Promise<PullResult & { readonly operations: number }> => {
      // 1. The caller's client group; a cookie for a group this server never saw means its state is lost.
      const known = await lockClientGroup(tx, actor, clientGroupId);
      if (known === undefined && request.cookie !== null) {
        return { response: { error: "ClientStateNotFound" }, partial: false, operations: 0 };
      }

      // 2. What the group holds. A view deleted since, as an old cookie's, is resent whole.
      const previousOrder = request.cookie?.order ?? 0;
      const stored =
        request.cookie === null ? EMPTY_CLIENT_VIEW : await loadClientView(tx, actor.workspaceId, clientGroupId, previousOrder);
      const previous = stored ?? EMPTY_CLIENT_VIEW;
      const clear = stored === undefined;

      // 3. The current row versions of the workspace, in the transaction's snapshot.
      const snapshot = await transactionSnapshot(tx);
      const current = await currentClientView(tx, actor, clientGroupId);

      // 4. The difference, capped. Equal views are marked current in this
      // snapshot, so the next pull skips the comparison.
      const diff = diffClientViews(previous, current, PULL_OPERATION_LIMIT);
      const nothingChanged = diff.puts.length === 0 && diff.dels.length === 0 && diff.lastMutationIdChanges.size === 0;
      if (nothingChanged && !clear) {
        await markClientViewCurrent(tx, actor.workspaceId, clientGroupId, previousOrder, snapshot);
        return { response: unchangedResponse(previousOrder), partial: false, operations: 0 };
      }

      // 5. The values to put.
      const values = await loadReplicaValues(tx, actor, clientGroupId, diff.puts, current);
      const patch: PatchOperation[] = [
        ...(clear ? [{ op: "clear" } as const] : []),
        ...diff.puts.map((key): PatchOperation => ({ op: "put", key, value: requireValue(values, key) })),
        ...diff.dels.map((key): PatchOperation => ({ op: "del", key })),
      ];

      // 6. The next client view, recording only what was sent, under a new cookie.
      const group = known ?? (await lockOrCreateClientGroup(tx, actor, clientGroupId));
      const order = group.cvrVersion + 1;
      await tx
        .update(replicacheClientGroups)
        .set({ cvrVersion: order, updatedAt: services.now() })
        .where(eq(replicacheClientGroups.id, clientGroupId));
      const next = applyDiff(previous, diff, current);
      await storeClientView(tx, actor.workspaceId, clientGroupId, order, next, { snapshot, complete: !diff.partial }, previousOrder);
      await pruneReplicaChanges(tx, actor.workspaceId);

      return {
        response: {
          cookie: { order },
          lastMutationIDChanges: Object.fromEntries(diff.lastMutationIdChanges),
          patch,
        },
        partial: diff.partial,
        operations: patch.length,
      };
    },
    { isolationLevel: "repeatable read" },
  );

  if (result.operations > 0) {
    services.logger.debug(
      { workspaceId: actor.workspaceId, clientGroupID: clientGroupId, operations: result.operations, partial: result.partial },
      "pull sent changes",
    );
  }
  return { response: result.response, partial: result.partial };
}

function unchangedResponse(order: number): PullResponseOk {
  return { cookie: { order }, lastMutationIDChanges: {}, patch: [] };
}

/**
 * Lists every replica key the group should have, with its current version,
 * and the lastMutationID of each of the group's clients. The signed-in user
 * comes first, then the workspace's rows by kind and id, then the group's failures.
 */
async function currentClientView(tx: Transaction, actor: Actor, clientGroupId: string): Promise<ClientView> {
  const rows = new Map<string, number>();

  const user = await loadSignedInUser(tx, actor);
  if (user !== undefined) rows.set(SIGNED_IN_USER_KEY, contentVersion(user));

  const listings: readonly [RowKind, Promise<readonly { id: string; version: number }[]>][] = [
    ["contact", listVersions(tx, contacts, actor.workspaceId)],
    ["company", listVersions(tx, companies, actor.workspaceId)],
    ["staff", listVersions(tx, staffPersons, actor.workspaceId)],
    ["membership", listVersions(tx, memberships, actor.workspaceId)],
    ["interaction", listVersions(tx, interactions, actor.workspaceId)],
  ];
  for (const [kind, listing] of listings) {
    for (const { id, version } of await listing) rows.set(rowKey(kind, id), version);
  }

  // A failure never changes: it is recorded once and deleted when dismissed.
  for (const failure of await listFailures(tx, actor, clientGroupId)) {
    rows.set(failureKey(failure.mutationId, failure.clientId), 1);
  }

  const clients = await tx
    .select({ id: replicacheClients.id, lastMutationId: replicacheClients.lastMutationId })
    .from(replicacheClients)
    .where(
      and(eq(replicacheClients.workspaceId, actor.workspaceId), eq(replicacheClients.clientGroupId, clientGroupId)),
    );
  return { rows, lastMutationIds: new Map(clients.map((client) => [client.id, client.lastMutationId])) };
}

/** Builds the value of each key to put, from the same transaction that listed the versions. */
async function loadReplicaValues(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
  keys: readonly string[],
  current: ClientView,
): Promise<Map<string, JsonValue>> {
  const idsByKind = new Map<string, string[]>();
  for (const key of keys) {
    const slash = key.indexOf("/");
    const kind = key.slice(0, slash);
    const ids = idsByKind.get(kind);
    if (ids) ids.push(key.slice(slash + 1));
    else idsByKind.set(kind, [key.slice(slash + 1)]);
  }
  const ids = (kind: string) => idsByKind.get(kind) ?? [];
  const values = new Map<string, JsonValue>();
  const workspaceId = actor.workspaceId;

  if (idsByKind.has("meta")) {
    const user = await loadSignedInUser(tx, actor);
    if (user !== undefined) values.set(SIGNED_IN_USER_KEY, user);
  }
  if (idsByKind.has("contact")) {
    const rows = await tx.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids("contact"))));
    for (const row of rows) values.set(rowKey("contact", row.id), contactValue(row));
  }
  if (idsByKind.has("company")) {
    const rows = await tx.select().from(companies).where(and(eq(companies.workspaceId, workspaceId), inArray(companies.id, ids("company"))));
    for (const row of rows) values.set(rowKey("company", row.id), companyValue(row));
  }
  if (idsByKind.has("staff")) {
    const rows = await tx.select().from(staffPersons).where(and(eq(staffPersons.workspaceId, workspaceId), inArray(staffPersons.id, ids("staff"))));
    for (const row of rows) values.set(rowKey("staff", row.id), staffValue(row));
  }
  if (idsByKind.has("membership")) {
    const rows = await tx.select().from(memberships).where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.id, ids("membership"))));
    for (const row of rows) values.set(rowKey("membership", row.id), membershipValue(row));
  }
  if (idsByKind.has("interaction")) {
    for (const interaction of await loadInteractions(tx, workspaceId, ids("interaction"))) {
      const key = rowKey("interaction", interaction.id);
      values.set(key, interactionValue(interaction, current.rows.get(key) ?? 0));
    }
  }
  if (idsByKind.has("failure")) {
    const wanted = new Set(keys);
    for (const failure of await listFailures(tx, actor, clientGroupId)) {
      const key = failureKey(failure.mutationId, failure.clientId);
      if (wanted.has(key)) values.set(key, failureValue(failure));
    }
  }
  return values;
}

type VersionedTable =
  | typeof contacts
  | typeof companies
  | typeof staffPersons
  | typeof memberships
  | typeof interactions;

async function listVersions(
  tx: Transaction,
  table: VersionedTable,
  workspaceId: string,
): Promise<{ id: string; version: number }[]> {
  return tx
    .select({ id: table.id, version: table.version })
    .from(table)
    .where(eq(table.workspaceId, workspaceId))
    .orderBy(asc(table.id));
}

async function listFailures(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
): Promise<ReplicacheMutationFailureRow[]> {
  return tx
    .select()
    .from(replicacheMutationFailures)
    .where(
      and(
        eq(replicacheMutationFailures.workspaceId, actor.workspaceId),
        eq(replicacheMutationFailures.clientGroupId, clientGroupId),
      ),
    )
    .orderBy(asc(replicacheMutationFailures.mutationId), asc(replicacheMutationFailures.clientId));
}

async function loadSignedInUser(tx: Transaction, actor: Actor): Promise<JsonObject | undefined> {
  const [user] = await tx
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, actor.userId)));
  return user === undefined ? undefined : signedInUserValue(user);
}

/** Returns the value of a listed key, which exists because the listing and the loading share one snapshot. */
function requireValue(values: ReadonlyMap<string, JsonValue>, key: string): JsonValue {
  const value = values.get(key);
  if (value === undefined) throw new Error(`The replica value of ${key} could not be loaded in the snapshot that listed it.`);
  return value;
}
