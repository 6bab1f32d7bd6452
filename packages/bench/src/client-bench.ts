import { PULL_OPERATION_LIMIT } from "@crm/api";
import {
  createReplicache,
  PENDING_REFRESH_DELAY_MS,
  interactionFromReplica,
  listInvolving,
  replicaIndexes,
  replicaKey,
  type CrmReplicache,
  type SyncTrpcClient,
  type ReplicaInteraction,
} from "@crm/client";
import { queryRows } from "@crm/db";
import { compareFeedOrder, type Interaction } from "@crm/domain";
import { sql } from "drizzle-orm";
import { dropDatabase, Replicache, type PullResponseOKV1, type ReadTransaction } from "replicache";
import { uuidv7 } from "uuidv7";

import { actorOf, fastSampling, workspaceOf, type BenchContext } from "./context";
import { callerFor, inProcessSync, type Network, type PullMeter } from "./in-process-sync";
import { formatDuration } from "./report";
import { speedupTarget, timingTarget, type SectionResult } from "./results";
import type { SeededWorkspace } from "./seed";
import { sample, summarize, type Summary } from "./statistics";

const PAGE = 50;

export interface ClientResults {
  readonly firstSync: SectionResult;
  readonly replica: SectionResult;
}

/**
 * Replicache in Node with the in-memory store, synced through the real
 * router in process. First sync: an empty replica pulls the workspace of
 * 10,000 interactions. Then, on the full replica: how long a mutation takes
 * to reach a subscribed feed, and a feed page read through the index against
 * a scan of every interaction.
 */
export async function benchClient(context: BenchContext): Promise<ClientResults> {
  const workspace = workspaceOf(context, context.scale.small.name);
  const caller = callerFor(context.services, actorOf(workspace));
  const network: Network = { online: true };
  const lastKey = await lastInteractionKey(context, workspace);

  context.logger.info({ interactions: workspace.shape.interactions }, "first sync");
  const runs = context.quick ? 2 : 7;
  const timings: number[] = [];
  const meter: PullMeter = { pulls: 0, serverMs: 0, wireMs: 0 };
  let responses: PullOutput[] = [];
  let rep: CrmReplicache | undefined;
  for (let run = 0; run <= runs; run += 1) {
    if (rep !== undefined) await closeAndDrop(rep);
    // The first run warms the process up (JIT, query plans) and is not counted.
    const counted = run > 0;
    responses = [];
    rep = createReplicache({
      name: `bench-${uuidv7()}`,
      trpc: recordingPulls(inProcessSync(caller, network, counted ? meter : undefined), responses),
      userId: workspace.userId,
      kvStore: "mem",
      pullInterval: null,
      logLevel: "error",
    });
    const started = performance.now();
    await waitUntil(rep, (tx) => tx.has(lastKey));
    if (counted) timings.push(performance.now() - started);
  }
  if (rep === undefined) throw new Error("no replica was created");
  const firstSync = summarize(timings);
  // The replica keeps pulling in the measurements below, so the first sync's responses and meter are copied now.
  const firstSyncResponses = [...responses];
  const firstSyncMeter: PullMeter = { ...meter };
  const interactionKeys = await rep.query((tx) => tx.scan({ prefix: "interaction/" }).keys().toArray());
  if (interactionKeys.length !== workspace.shape.interactions) {
    throw new Error(
      `first sync incomplete: the replica contains ${interactionKeys.length} interactions, expected ${workspace.shape.interactions}`,
    );
  }

  // Only the replica is measured from here on: pushes fail as offline and wait in the queue.
  network.online = false;
  const contactId = workspace.topContact.id;
  context.logger.info("mutate to subscription");
  const toSubscription = await mutateToSubscription(context, rep, workspace, contactId, { network, drainEvery: 20 });
  const queued = context.quick ? 100 : 300;
  const withQueue = await mutateToSubscription(context, rep, workspace, contactId, { network, queued });

  context.logger.info("replica feed read");
  const indexed = await sample(() => rep.query((tx) => listInvolving(tx, { contactId, limit: PAGE })), fastSampling(context));
  const scanned = await sample(
    () => rep.query((tx) => scanInvolving(tx, contactId)),
    context.quick ? { warmUp: 2, samples: 20, minSamples: 5, budgetMs: 1_500 } : { warmUp: 3, samples: 60, minSamples: 10, budgetMs: 8_000 },
  );
  await closeAndDrop(rep);

  // Last, so that the replicas it opens and closes cannot slow the measurements above.
  context.logger.info("first sync replayed");
  const replayRuns = context.quick ? 2 : 5;
  const replayed = await replayFirstSync(firstSyncResponses, lastKey, replayRuns, true);
  const bare = await replayFirstSync(firstSyncResponses, lastKey, replayRuns, false);

  const contactLabel = `contact with ${workspace.topContact.entries.toLocaleString("en-US")} entries`;
  return {
    firstSync: {
      title: "6. First sync",
      about:
        `An empty replica pulls the workspace of ${workspace.shape.interactions.toLocaleString("en-US")} interactions ` +
        `(${workspace.rowsInView.toLocaleString("en-US")} rows with contacts, companies, memberships and staff), from its creation ` +
        `until the last interaction is readable; ${runs} runs after one warm-up run.`,
      rows: [
        {
          measure: `first sync, ${workspace.rowsInView.toLocaleString("en-US")} rows`,
          product: firstSync,
          targets: [timingTarget(firstSync, "median", 1000)],
        },
        { measure: "the same pull responses replayed into an empty replica (no server)", product: replayed },
        { measure: "the same patches put by Replicache alone (no checks, same indexes)", product: bare },
      ],
      notes: [firstSyncBound(firstSync, firstSyncMeter, runs, bare)],
    },
    replica: {
      title: "5. Client replica",
      about:
        `Replicache 15 in Node with the in-memory store, holding ${workspace.shape.interactions.toLocaleString("en-US")} interactions. ` +
        "Mutate to subscription: from calling `rep.mutate.createInteraction` to the subscribed listInvolving feed showing the new entry " +
        "first (pushes held back, so only the replica is measured). Feed read: one page of a contact's feed through the `involving` " +
        "index, against a scan of every interaction filtered and sorted in JavaScript (naive).",
      rows: [
        {
          measure: `mutate to subscription, ${contactLabel}, at most 20 mutations pending`,
          product: toSubscription,
          targets: [timingTarget(toSubscription, "p95", 5)],
        },
        {
          measure: `mutate to subscription, ${contactLabel}, ${queued} mutations pending (offline)`,
          product: withQueue,
        },
        {
          measure: `feed page of ${PAGE}, ${contactLabel}`,
          product: indexed,
          naive: scanned,
          targets: [speedupTarget(indexed, scanned, 20)],
        },
      ],
      notes: [
        "Bound: a mutation runs the client mutator (the domain rules, and snapshots read from the replica by key and index), " +
          "writes the value and its index entries, and Replicache then re-runs the subscriptions whose keys changed. This one " +
          "reads one page of the involving index, so none of these steps scans the replica. The first row pushes and confirms " +
          "the queue every 20 samples, untimed, as a device online does.",
        `With ${queued} mutations pending the median is ${formatDuration(withQueue.median)}. The sync status reads the whole ` +
          `pending list (experimentalPendingMutations), which costs in proportion to the offline queue, at once for the first change ` +
          `of a burst and then at most once per ${PENDING_REFRESH_DELAY_MS} ms instead of on every change, so most reads fall ` +
          "between mutations. The p95 is the samples that a read, a garbage collection or the untimed drain lands on.",
      ],
    },
  };
}

function firstSyncBound(firstSync: Summary, meter: PullMeter, runs: number, bare: Summary): string {
  const perRun = (ms: number) => ms / Math.max(1, runs);
  const server = perRun(meter.serverMs);
  const wire = perRun(meter.wireMs);
  const replica = Math.max(0, firstSync.mean - server - wire);
  return (
    `Bound: per first sync, ${(meter.pulls / Math.max(1, runs)).toFixed(0)} pulls of at most ${PULL_OPERATION_LIMIT.toLocaleString("en-US")} operations; ` +
    `${formatDuration(server)} in the server's pull procedure (which shares this process with the replica, so it includes waits ` +
    `for the replica's work), ${formatDuration(wire)} encoding and decoding with superjson, and about ` +
    `${formatDuration(replica)} in the replica (checking each value against its schema, deriving its index keys, and writing it ` +
    `with its index entries). Replicache alone takes ${formatDuration(bare.median)} to put the same patches with the same five ` +
    "indexes, a floor no server change moves. Each pull still lists the whole workspace, so the server's share grows with the " +
    "number of pulls times the view. What would move the rest: the pull response sent as JSON text, which superjson would not " +
    "walk value by value, the list of versions kept across the pulls of one first sync, and fewer index entries per " +
    "interaction."
  );
}

type PullOutput = Awaited<ReturnType<SyncTrpcClient["sync"]["pull"]["mutate"]>>;

/** Wraps a client's pull so that every response (as decoded on the device) is kept in `responses`. */
function recordingPulls(trpc: SyncTrpcClient, responses: PullOutput[]): SyncTrpcClient {
  return {
    sync: {
      ...trpc.sync,
      pull: {
        mutate: async (request) => {
          const output = await trpc.sync.pull.mutate(request);
          responses.push(output);
          return output;
        },
      },
    },
  };
}

/**
 * Replays a first sync's recorded patches into empty in-memory replicas,
 * `runs` times, and returns how long each took until `lastKey` was readable.
 * Checked: through the app's puller (shape checks, index fields). Not
 * checked: Replicache alone with the app's indexes and the patches as sent.
 */
async function replayFirstSync(
  responses: readonly PullOutput[],
  lastKey: string,
  runs: number,
  checked: boolean,
): Promise<Summary> {
  const patches = responses
    .map((output) => (output as { response: Partial<PullResponseOKV1> }).response.patch ?? [])
    .filter((patch) => patch.length > 0);
  const timings: number[] = [];
  for (let run = 0; run <= runs; run += 1) {
    let next = 0;
    // Cookies count up from 1, and every pull after the last patch finds nothing new.
    const replay = () => {
      const patch = patches[next] ?? [];
      next = Math.min(next + 1, patches.length);
      const response: PullResponseOKV1 = { cookie: { order: next }, lastMutationIDChanges: {}, patch };
      return { response, partial: next < patches.length };
    };
    const options = { name: `bench-replay-${uuidv7()}`, kvStore: "mem", pullInterval: null, logLevel: "error" } as const;
    const rep: Pick<CrmReplicache, "query" | "close" | "pull" | "idbName"> = checked
      ? createReplicache({
          ...options,
          userId: "replay",
          trpc: {
            sync: {
              push: { mutate: () => Promise.resolve(undefined) },
              pull: { mutate: () => Promise.resolve(replay()) },
              poke: { subscribe: () => ({ unsubscribe: () => undefined }) },
            },
          },
        })
      : new Replicache({
          ...options,
          indexes: replicaIndexes,
          puller: () =>
            Promise.resolve({ httpRequestInfo: { httpStatusCode: 200, errorMessage: "" }, response: replay().response }),
        });
    const started = performance.now();
    // Without the app's puller, nothing pulls again after a partial response, so the replay drives the pulls itself.
    if (!checked) while (next < patches.length) await rep.pull({ now: true });
    await waitUntil(rep, (tx) => tx.has(lastKey));
    // The first run warms up, as in the first sync itself.
    if (run > 0) timings.push(performance.now() - started);
    await closeAndDrop(rep);
  }
  return summarize(timings);
}

interface QueueOptions {
  readonly network: Network;
  /** Pushes and confirms the pending mutations every this many samples, untimed. */
  readonly drainEvery?: number;
  /** Queues this many mutations offline before sampling, and keeps them queued. */
  readonly queued?: number;
}

async function mutateToSubscription(
  context: BenchContext,
  rep: CrmReplicache,
  workspace: SeededWorkspace,
  contactId: string,
  queue: QueueOptions,
) {
  let awaited: { readonly id: string; readonly resolve: () => void } | undefined;
  const unsubscribe = rep.subscribe((tx) => listInvolving(tx, { contactId, limit: PAGE }), {
    onData: (page) => {
      if (awaited !== undefined && page.items[0]?.id === awaited.id) awaited.resolve();
    },
  });

  const spare = workspace.spareContactIds;
  let index = 0;
  const mutate = async (id: string) => {
    index += 1;
    await rep.mutate.createInteraction({
      interaction: { id, contactId, type: "note", subject: "Logged on the device", body: "Written offline." },
      parties: [{ id: uuidv7(), rawName: "", contactId: spare[index % spare.length] ?? null }],
      now: new Date().toISOString(),
    });
  };

  await drainQueue(rep, queue.network);
  for (let queued = 0; queued < (queue.queued ?? 0); queued += 1) await mutate(uuidv7());

  let sampled = 0;
  const summary = await sample(
    async () => {
      const id = uuidv7();
      const feedShowsEntry = new Promise<void>((resolve) => {
        awaited = { id, resolve };
      });
      await mutate(id);
      await feedShowsEntry;
    },
    context.quick ? { warmUp: 10, samples: 100, minSamples: 30, budgetMs: 2_000 } : { warmUp: 20, samples: 300, minSamples: 100, budgetMs: 10_000 },
    async () => {
      sampled += 1;
      if (queue.drainEvery !== undefined && sampled % queue.drainEvery === 0) await drainQueue(rep, queue.network);
    },
  );
  unsubscribe();
  await drainQueue(rep, queue.network);
  return summary;
}

/** Pushes the pending mutations and pulls until the server has confirmed them all, then goes offline again. */
async function drainQueue(rep: CrmReplicache, network: Network): Promise<void> {
  network.online = true;
  try {
    const deadline = performance.now() + 60_000;
    while ((await rep.experimentalPendingMutations()).length > 0) {
      if (performance.now() > deadline) throw new Error("the pending mutations were not confirmed within a minute");
      await rep.push({ now: true });
      await rep.pull({ now: true });
    }
  } finally {
    network.online = false;
  }
}

/** Reads a feed page the naive way: every interaction of the replica, filtered and sorted in JavaScript. */
async function scanInvolving(tx: ReadTransaction, contactId: string): Promise<Interaction[]> {
  const all = (await tx.scan({ prefix: "interaction/" }).values().toArray()) as unknown as ReplicaInteraction[];
  return all
    .filter((value) => value.contactId === contactId || value.parties.some((party) => party.contactId === contactId))
    .map(interactionFromReplica)
    .sort(compareFeedOrder)
    .slice(0, PAGE);
}

/** Returns the key of the interaction a first sync sends last, because the pull sends interactions after the other kinds, in id order. */
async function lastInteractionKey(context: BenchContext, workspace: SeededWorkspace): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    context.services.db,
    sql`select id from interactions where workspace_id = ${workspace.workspaceId} order by id desc limit 1`,
  );
  if (row === undefined) throw new Error("The workspace has no interactions; generate it again.");
  return replicaKey.interaction(row.id);
}

/**
 * Closes a replica and deletes its in-memory data. Replicache keeps each
 * in-memory store in a module-level map by name, so without this every
 * replica of the run would stay in the heap, and in the collector's work,
 * until the process ends.
 */
async function closeAndDrop(rep: Pick<CrmReplicache, "close" | "idbName">): Promise<void> {
  const name = rep.idbName;
  await rep.close();
  await dropDatabase(name, { kvStore: "mem" });
}

/** Resolves once `check` holds on the replica, checking every 2 ms. */
async function waitUntil(rep: Pick<CrmReplicache, "query">, check: (tx: ReadTransaction) => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (!(await rep.query(check))) {
    if (performance.now() > deadline) throw new Error("the replica did not finish its first sync within 2 minutes");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
