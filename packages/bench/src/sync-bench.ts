import { readFile } from "node:fs/promises";
import { cpus } from "node:os";
import type { PullRequest, PushRequest } from "@crm/api";
import { queryRows, type Executor } from "@crm/db";
import type { MutatorArgs } from "@crm/domain";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";

import { actorOf, fastSampling, slowSampling, workspaceOf, type BenchContext } from "./context";
import { explain } from "./feed-bench";
import { callerFor, type Caller } from "./in-process-sync";
import { timingTarget, type ResultRow, type SectionResult } from "./results";
import type { SeededWorkspace } from "./seed";
import { sample, summarize, type Summary } from "./statistics";

const CONCURRENT_GROUPS = 10;

/**
 * Measures `sync.push` through the real procedure. First one mutation's
 * latency, one push after another. Then CONCURRENT_GROUPS client groups push
 * at once for a while, which gives the sustained rate and the process's memory.
 */
export async function benchPush(context: BenchContext): Promise<SectionResult> {
  const workspace = workspaceOf(context, context.scale.main.name);
  const caller = callerFor(context.services, actorOf(workspace));
  const onPostgres = context.database.handle.driver === "postgres";

  context.logger.info("push latency");
  const pusher = new PushingClient(caller, workspace, "latency");
  const latency = await sample(() => pusher.pushOne(), fastSampling(context));
  const direct = await sample(
    () => caller.interactions.create(createInput(workspace, pusher.nextContacts())),
    fastSampling(context),
  );

  const counter = context.counter;
  // One client's first push creates its group and client, and its second is a steady-state push.
  const countedPusher = counter && new PushingClient(callerFor(counter.services, actorOf(workspace)), workspace, "counted");
  const pushStatements = countedPusher && (await counter?.count(() => countedPusher.pushOne()));
  const laterPushStatements = countedPusher && (await counter?.count(() => countedPusher.pushOne()));
  const createStatements = await counter?.count((counted) =>
    callerFor(counted, actorOf(workspace)).interactions.create(createInput(workspace, pusher.nextContacts())),
  );

  context.logger.info({ groups: CONCURRENT_GROUPS }, "sustained push");
  const serverTicksBefore = await serverCpuTicks(context);
  const load = await sustainedPushes(caller, workspace, context.quick ? 4_000 : 15_000);
  const serverTicksAfter = await serverCpuTicks(context);
  const failures = await countFailures(context.services.db, workspace.workspaceId);
  const serverCpuMsPerPush =
    serverTicksBefore === undefined || serverTicksAfter === undefined
      ? undefined
      : ((serverTicksAfter - serverTicksBefore) * 10) / load.pushes;
  const cpuMsPerPush = load.nodeCpuMsPerPush + (serverCpuMsPerPush ?? 0);
  const ceiling = (cpus().length * 1000) / cpuMsPerPush;

  const rows: ResultRow[] = [
    {
      measure: "push of one createInteraction (2 parties), one client group",
      product: latency,
      naive: direct,
      targets: [timingTarget(latency, "median", 10)],
    },
    {
      measure: `push latency with ${CONCURRENT_GROUPS} client groups pushing at once`,
      product: load.latency,
    },
    {
      measure: `sustained pushes per second, ${CONCURRENT_GROUPS} client groups`,
      product: { value: load.perSecond, unit: "pushes/s" },
      targets: [{ text: "≥ 300 pushes/s", met: load.perSecond >= 300 }],
    },
    {
      measure: "process memory (RSS) before the load → highest during it",
      product: { value: load.peakRssMb, unit: `MB (from ${load.baseRssMb.toFixed(0)} MB)` },
    },
  ];

  return {
    title: "3. Push",
    about:
      "`sync.push` through the tRPC router in this process (no socket): each push carries one createInteraction mutation with two " +
      "contact parties, run as the server runs it (REPEATABLE READ transaction, client group and client locked, the server mutator " +
      "with snapshots from the database, the activity entry, lastMutationID, then the poke). The naive column here is the reference " +
      "`interactions.create` procedure with the same input and no sync bookkeeping. Memory is the RSS of this process, which holds the " +
      "server side and the load generator.",
    rows,
    notes: [
      `${load.pushes.toLocaleString("en-US")} pushes in ${(load.elapsedMs / 1000).toFixed(1)} s under load; ${failures} mutation(s) recorded as failed. ` +
        `Node spent ${load.nodeCpuMsPerPush.toFixed(1)} ms of CPU per push (tRPC, zod, the domain rules, Drizzle and the driver)` +
        (serverCpuMsPerPush === undefined
          ? "."
          : `, and the PostgreSQL backends of the bench database ${serverCpuMsPerPush.toFixed(1)} ms. At ` +
            `${cpuMsPerPush.toFixed(1)} ms of CPU per push, ${cpus().length} cores can serve at most about ` +
            `${ceiling.toFixed(0)} pushes/s with nothing else running, so the rate is CPU-bound, not lock-bound.`),
      ...(pushStatements === undefined || createStatements === undefined
        ? []
        : [
            `Bound: the first push of a client group makes ${pushStatements} statements (it creates the group and the client), and ` +
              `each later one ${laterPushStatements ?? "fewer"}: begin, the isolation level, one statement that locks the group and ` +
              "advances the client, a " +
              "savepoint, one id check, one snapshot lookup for every contact of the mutation, the interaction, its parties and " +
              `the activity entry, commit. interactions.create makes ${createStatements}, as it also reads the interaction back. ` +
              "The hot statements run prepared. Latency is the sum of those round trips, and the rate is bounded by the CPU both " +
              "processes spend on them, on 2 cores. What would move both: the mutations of one push in one transaction when they " +
              "come from one client, and the isolation level sent with BEGIN.",
          ]),
      ...(onPostgres ? [] : ["PGlite runs one transaction at a time in this process, so concurrent pushes queue; the rate target applies to PostgreSQL."]),
    ],
  };
}

/**
 * Measures an incremental pull at two sizes, with nothing changed and with one
 * interaction changed, for a client group that already has the whole
 * workspace. The naive design resends the whole view, as a server without
 * client view records must.
 */
export async function benchPull(context: BenchContext): Promise<SectionResult> {
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  // The quick scale has no workspace near 100,000 rows; its main workspace would only repeat the small one slower.
  const sizes = context.quick ? [context.scale.small] : [context.scale.small, context.scale.large];

  for (const shape of sizes) {
    const workspace = workspaceOf(context, shape.name);
    const caller = callerFor(context.services, actorOf(workspace));
    const rowsLabel = `${workspace.rowsInView.toLocaleString("en-US")} rows in view`;
    context.logger.info({ rows: workspace.rowsInView }, "pull");

    const group = await syncedClientGroup(context, caller, workspace);
    const large = workspace.rowsInView > 50_000;
    const sampling = large ? slowSampling(context) : fastSampling(context);

    const unchanged = await sample(async () => {
      const result = await group.pull();
      if (result.operations !== 0) throw new Error(`a pull with nothing changed sent ${result.operations} operations`);
    }, large ? slowSampling(context) : { ...sampling, budgetMs: context.quick ? 1_500 : 8_000 });

    let changes = 0;
    const changedId = await anyInteractionId(context.services.db, workspace.workspaceId);
    const oneChange = await sample(
      async () => {
        const result = await group.pull();
        if (result.operations !== 1) throw new Error(`a pull after one change sent ${result.operations} operations`);
      },
      large ? slowSampling(context) : { ...sampling, budgetMs: context.quick ? 1_500 : 8_000 },
      async () => {
        changes += 1;
        await context.services.db.execute(
          sql`update interactions set subject = ${`Changed for a pull ${changes}`} where id = ${changedId}`,
        );
      },
    );

    if (large) {
      const statements = await context.counter?.count((counted) =>
        syncedClientGroupPull(callerFor(counted, actorOf(workspace)), group),
      );
      const listing = await explain(
        context.services.db,
        sql`select id, version from interactions where workspace_id = ${workspace.workspaceId} order by id`,
      );
      notes.push(
        `Bound (${rowsLabel}): a pull with nothing changed makes ` +
          (statements === undefined ? "one statement" : `${statements} statement(s)`) +
          ": it finds the group's client view record complete and no writing transaction recorded in replica_changes outside " +
          "the record's snapshot, so its cost does not depend on the workspace. A pull after a change still loads the record " +
          "(a JSON object of a version per row), lists the current version of every row of the workspace, compares the two in " +
          "Node and writes a whole new record, so it costs in proportion to the workspace, not to the change. Listing the " +
          `interactions' versions alone: ${listing}. What would move it: the record stored as rows (key, version), so that a ` +
          "pull writes only what changed and the diff runs in SQL, and change records that name the rows each transaction " +
          "changed, so that a pull reads only those.",
      );
    }

    const resend = await sample(
      () => fullResend(context.services.db, workspace.workspaceId),
      large || context.quick ? { warmUp: 1, samples: 5, minSamples: 3, budgetMs: 10_000 } : slowSampling(context),
    );
    const bytes = await fullResend(context.services.db, workspace.workspaceId);

    rows.push({
      measure: `pull, nothing changed, ${rowsLabel}`,
      product: unchanged,
      naive: resend,
      targets: large ? [timingTarget(unchanged, "median", 5)] : [],
    });
    rows.push({ measure: `pull, one interaction changed, ${rowsLabel}`, product: oneChange, naive: resend });
    notes.push(
      `${rowsLabel}: a full resend is ${(bytes / 1_048_576).toFixed(1)} MB of JSON; the stored client view record holds ` +
        `${(await clientViewBytes(context.services.db, group.clientGroupId) / 1_048_576).toFixed(1)} MB.`,
    );
  }

  return {
    title: "4. Pull",
    about:
      "`sync.pull` through the router in process for a client group that already holds the whole workspace (its client view record " +
      "written as a completed first sync leaves it), with nothing changed, and after one interaction changed (the change is made " +
      "between samples, untimed). Naive: a full resend of the view, every row of the workspace loaded and encoded as put operations.",
    rows,
    notes,
  };
}

class PushingClient {
  private mutationId = 0;
  private contactIndex = 0;
  readonly clientGroupId = `bench-${uuidv7()}`;
  readonly clientId = uuidv7();

  constructor(
    private readonly caller: Caller,
    private readonly workspace: SeededWorkspace,
    readonly label: string,
  ) {}

  /** Three contacts of the unmeasured half: the subject and two parties. */
  nextContacts(): readonly [string, string, string] {
    const ids = this.workspace.spareContactIds;
    const at = (offset: number) => ids[(this.contactIndex + offset) % ids.length] ?? "";
    this.contactIndex += 3;
    return [at(0), at(1), at(2)];
  }

  async pushOne(): Promise<void> {
    this.mutationId += 1;
    const request: PushRequest = {
      pushVersion: 1,
      clientGroupID: this.clientGroupId,
      profileID: "bench",
      schemaVersion: "1",
      mutations: [
        {
          clientID: this.clientId,
          id: this.mutationId,
          name: "createInteraction",
          args: createArgs(this.workspace, this.nextContacts()),
          timestamp: performance.now(),
        },
      ],
    };
    const response = await this.caller.sync.push(request);
    if (response !== undefined) throw new Error(`push failed with the response ${JSON.stringify(response)}`);
  }
}

interface LoadResult {
  readonly pushes: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly latency: Summary;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
  readonly nodeCpuMsPerPush: number;
}

async function sustainedPushes(caller: Caller, workspace: SeededWorkspace, durationMs: number): Promise<LoadResult> {
  const clients = Array.from({ length: CONCURRENT_GROUPS }, (_, index) => new PushingClient(caller, workspace, `load-${index}`));
  // Each group's first push creates its rows; that is not the steady state.
  await Promise.all(clients.map((client) => client.pushOne()));

  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const watcher = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);

  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await client.pushOne();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(watcher);

  return {
    pushes: latencies.length,
    elapsedMs,
    perSecond: latencies.length / (elapsedMs / 1000),
    latency: summarize(latencies),
    baseRssMb: baseRss / 1_048_576,
    peakRssMb: peakRss / 1_048_576,
    nodeCpuMsPerPush: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
  };
}

/** createInteraction arguments as JSON; a type alias, so it fits Replicache's JSON type. */
type CreateArgs = {
  readonly interaction: { id: string; contactId: string; type: "call"; subject: string; body: string };
  readonly parties: { id: string; rawName: string; contactId: string }[];
  readonly now: string;
};

function createArgs(
  workspace: SeededWorkspace,
  [subjectId, firstId, secondId]: readonly [string, string, string],
): CreateArgs {
  const args: CreateArgs = {
    interaction: {
      id: uuidv7(),
      contactId: subjectId,
      type: "call",
      subject: "Quarterly review",
      body: `Logged by the push benchmark in ${workspace.name}. Agreed on the next steps and sent the slides.`,
    },
    parties: [
      { id: uuidv7(), rawName: "", contactId: firstId },
      { id: uuidv7(), rawName: "", contactId: secondId },
    ],
    now: new Date().toISOString(),
  };
  return args satisfies MutatorArgs<"createInteraction">;
}

/** Builds the same interaction as input of the `interactions.create` procedure. */
function createInput(workspace: SeededWorkspace, contacts: readonly [string, string, string]) {
  const { interaction, parties } = createArgs(workspace, contacts);
  return { interaction, parties: parties.map(({ rawName, contactId }) => ({ rawName, contactId })) };
}

/**
 * Reads from /proc the CPU time, in clock ticks of 10 ms, that the server
 * processes connected to the bench database have used. Read before and after
 * a load, it gives the server's share of the work. Undefined when the server
 * is PGlite or runs on another machine.
 */
async function serverCpuTicks(context: BenchContext): Promise<number | undefined> {
  if (context.database.handle.driver !== "postgres") return undefined;
  const backends = await queryRows<{ pid: number }>(
    context.services.db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  let ticks = 0;
  for (const { pid } of backends) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      return undefined;
    }
  }
  return ticks;
}

async function countFailures(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await queryRows<{ failures: string | number }>(
    db,
    sql`select count(*) as failures from replicache_mutation_failures where workspace_id = ${workspaceId}`,
  );
  return Number(row?.failures ?? 0);
}

interface PullingGroup {
  readonly clientGroupId: string;
  cookie(): PullRequest["cookie"];
  /** Pulls from the last cookie and keeps the new one; returns the number of patch operations. */
  pull(): Promise<{ readonly operations: number }>;
}

/**
 * Creates a client group that already has the whole workspace. Its client
 * view record is written directly, as a completed first sync leaves it (a
 * version for every row), because a first sync of 100,000 rows takes a
 * hundred pulls. One pull then settles the rest (the signed-in user). If the
 * record's layout has changed and that pull resends rows, pulling continues
 * until done.
 */
async function syncedClientGroup(context: BenchContext, caller: Caller, workspace: SeededWorkspace): Promise<PullingGroup> {
  const clientGroupId = `bench-pull-${uuidv7()}`;
  const db = context.services.db;
  await db.execute(
    sql`insert into replicache_client_groups (id, workspace_id, user_id, cvr_version)
      values (${clientGroupId}, ${workspace.workspaceId}, ${workspace.userId}, 1)`,
  );
  await db.execute(sql`
    insert into replicache_client_views (workspace_id, client_group_id, version, row_versions)
    select ${workspace.workspaceId}, ${clientGroupId}, 1, jsonb_object_agg(key, version)
    from (
      select 'contact/' || id as key, version from contacts where workspace_id = ${workspace.workspaceId}
      union all select 'company/' || id, version from companies where workspace_id = ${workspace.workspaceId}
      union all select 'staff/' || id, version from staff_persons where workspace_id = ${workspace.workspaceId}
      union all select 'membership/' || id, version from memberships where workspace_id = ${workspace.workspaceId}
      union all select 'interaction/' || id, version from interactions where workspace_id = ${workspace.workspaceId}
    ) as rows`);

  let cookie: PullRequest["cookie"] = { order: 1 };
  const group: PullingGroup = {
    clientGroupId,
    cookie: () => cookie,
    pull: async () => {
      const result = await caller.sync.pull({
        pullVersion: 1,
        clientGroupID: clientGroupId,
        cookie,
        profileID: "bench",
        schemaVersion: "1",
      });
      // The response goes out as JSON, so encoding it is part of a pull's cost.
      JSON.stringify(result);
      if ("error" in result.response) throw new Error(`pull failed with the error ${result.response.error}`);
      cookie = result.response.cookie;
      return { operations: result.response.patch.length };
    },
  };

  let settled = await group.pull();
  for (let pulls = 0; settled.operations > 1 && pulls < 1_000; pulls += 1) settled = await group.pull();
  return group;
}

/** Pulls once from the group's cookie through another caller, for counting its statements. */
async function syncedClientGroupPull(caller: Caller, group: PullingGroup): Promise<void> {
  const result = await caller.sync.pull({
    pullVersion: 1,
    clientGroupID: group.clientGroupId,
    cookie: group.cookie(),
    profileID: "bench",
    schemaVersion: "1",
  });
  if ("error" in result.response) throw new Error(`pull failed with the error ${result.response.error}`);
}

async function anyInteractionId(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from interactions where workspace_id = ${workspaceId} order by id limit 1`,
  );
  if (row === undefined) throw new Error("The workspace has no interaction to change; generate it again.");
  return row.id;
}

/** Loads every row of the workspace and encodes it as put operations: what a full resend costs. Returns the bytes. */
async function fullResend(db: Executor, workspaceId: string): Promise<number> {
  const kinds = [
    ["contact", "contacts"],
    ["company", "companies"],
    ["staff", "staff_persons"],
    ["membership", "memberships"],
  ] as const;
  const patch: { op: "put"; key: string; value: unknown }[] = [];
  for (const [kind, table] of kinds) {
    const rows = await queryRows<{ id: string }>(db, sql`select * from ${sql.identifier(table)} where workspace_id = ${workspaceId}`);
    for (const row of rows) patch.push({ op: "put", key: `${kind}/${row.id}`, value: row });
  }

  const interactions = await queryRows<{ id: string }>(db, sql`select * from interactions where workspace_id = ${workspaceId}`);
  const parties = await queryRows<{ interaction_id: string }>(
    db,
    sql`select * from interaction_parties where workspace_id = ${workspaceId} order by interaction_id, position`,
  );
  const partiesOf = new Map<string, unknown[]>();
  for (const party of parties) {
    const list = partiesOf.get(party.interaction_id);
    if (list) list.push(party);
    else partiesOf.set(party.interaction_id, [party]);
  }
  for (const interaction of interactions) {
    patch.push({
      op: "put",
      key: `interaction/${interaction.id}`,
      value: { ...interaction, parties: partiesOf.get(interaction.id) ?? [] },
    });
  }
  return JSON.stringify({ cookie: { order: 1 }, lastMutationIDChanges: {}, patch }).length;
}

async function clientViewBytes(db: Executor, clientGroupId: string): Promise<number> {
  const [row] = await queryRows<{ bytes: string | number }>(
    db,
    sql`select coalesce(max(pg_column_size(row_versions)), 0) as bytes from replicache_client_views where client_group_id = ${clientGroupId}`,
  );
  return Number(row?.bytes ?? 0);
}
