import { queryRows, type Executor } from "@crm/db";
import { sql, type SQL } from "drizzle-orm";

// The product's own feed query, imported by path because the package exports
// services, not SQL. The plans shown are then those of the exact statements.
import {
  memberPartyBranch,
  memberSubjectBranch,
  partyBranch,
  partySnapshotCompanyBranch,
  subjectBranch,
  subjectSnapshotCompanyBranch,
} from "../../api/src/services/interactions/feed-branches";
import { feedKeysQuery, type FeedBranch } from "../../api/src/services/interactions/feed-page";
import { actorOf, fastSampling, slowSampling, workspaceOf, type BenchContext } from "./context";
import { callerFor } from "./in-process-sync";
import { speedupTarget, timingTarget, type ResultRow, type SectionResult } from "./results";
import { formatDuration } from "./report";
import { sample, type Summary } from "./statistics";

const PAGE = 50;

/**
 * Measures the first page (50) of listInvolving for a busy and a quiet
 * contact. The product's service merges two ordered index scans, then loads
 * the page's rows. The naive shape is an OR over a subquery, with every row
 * loaded and sorted in the application.
 */
export async function benchInvolvingFeed(context: BenchContext): Promise<SectionResult> {
  const workspace = workspaceOf(context, context.scale.main.name);
  const caller = callerFor(context.services, actorOf(workspace));
  const db = context.services.db;
  const onPostgres = context.database.handle.driver === "postgres";
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  let busiest: { readonly full: Summary; readonly keys: Summary } | undefined;

  for (const contact of [workspace.busyContact, workspace.quietContact]) {
    context.logger.info({ entries: contact.entries }, "listInvolving");
    const product = await sample(
      () => caller.interactions.listInvolving({ contactId: contact.id, limit: PAGE }),
      fastSampling(context),
    );
    const keysOnly = await sample(
      () => queryRows(db, involvingKeysQuery(workspace.workspaceId, contact.id)),
      fastSampling(context),
    );
    const naive = await sample(
      () => naiveInvolvingPage(db, workspace.workspaceId, contact.id),
      contact.entries > 100 ? slowSampling(context) : fastSampling(context),
    );

    const label = `contact with ${contact.entries.toLocaleString("en-US")} entries`;
    rows.push({
      measure: `listInvolving, ${label}: full page (service)`,
      product,
      naive,
      targets: onPostgres ? [timingTarget(product, "median", 1), speedupTarget(product, naive, 20)] : [],
    });
    rows.push({ measure: `listInvolving, ${label}: the feed query alone`, product: keysOnly, naive });

    busiest ??= { full: product, keys: keysOnly };

    const plan = await explain(db, involvingKeysQuery(workspace.workspaceId, contact.id));
    notes.push(`Plan of the feed query (${label}): ${plan}.`);
  }

  if (busiest !== undefined) {
    const statements = await context.counter?.count((counted) =>
      callerFor(counted, actorOf(workspace)).interactions.listInvolving({ contactId: workspace.busyContact.id, limit: PAGE }),
    );
    notes.push(
      `Bound: the keyset part takes ${formatDuration(busiest.keys.median)} of the page's ${formatDuration(busiest.full.median)}` +
        (statements === undefined ? "" : `, and a page makes ${statements} statement(s)`) +
        ": the keyset query with each page row joined to its interaction, the parties and files aggregated as JSON, run as a " +
        "prepared statement. The rest is the server building that JSON (about 2.5 parties per entry, each with its snapshot) " +
        "and Node decoding it into entities, so a busy contact's page costs more than a quiet one's only through its fuller " +
        "parties, never through the feed's length." +
        (busiest.full.median > 1
          ? " What would move the page under 1 ms: each interaction's parties stored as ready JSON on its row, so that a page " +
            "reads 50 rows and joins nothing, a schema change that trades write cost for read cost."
          : ""),
    );
  }

  return {
    title: "1. Contact feed: first page of listInvolving",
    about:
      `The first page (${PAGE}) of a contact's feed in the workspace of ${workspace.shape.interactions.toLocaleString("en-US")} interactions ` +
      `(${workspace.parties.toLocaleString("en-US")} parties). "Full page (service)" is the tRPC procedure in process, one statement that ` +
      "reads the page's keys and their interactions, parties and files. \"The feed query alone\" is its keyset part. Naive: " +
      "`WHERE contact_id = $1 OR id IN (SELECT interaction_id FROM interaction_parties WHERE contact_id = $1)`, no limit, every row loaded, " +
      "sorted in the application, then the page's parties loaded.",
    rows,
    notes,
  };
}

/** listForCompany for the company with the most members, each scope, against the naive queries. */
export async function benchCompanyFeed(context: BenchContext): Promise<SectionResult> {
  const workspace = workspaceOf(context, context.scale.main.name);
  const caller = callerFor(context.services, actorOf(workspace));
  const db = context.services.db;
  const company = workspace.bigCompany;
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  const sorted: CompanyScope[] = [];

  for (const scope of ["members", "involving", "asOfThen"] as const) {
    context.logger.info({ scope }, "listForCompany");
    const product = await sample(
      () => caller.interactions.listForCompany({ companyId: company.id, scope, limit: PAGE }),
      fastSampling(context),
    );
    const naive = await sample(
      () => naiveCompanyPage(db, workspace.workspaceId, company.id, scope),
      slowSampling(context),
    );
    rows.push({ measure: `listForCompany, scope ${scope}`, product, naive });

    const plan = await explain(db, feedKeysQuery(companyBranches(workspace.workspaceId, company.id)[scope], undefined, PAGE + 1));
    notes.push(`Plan of the ${scope} feed query: ${plan}.`);
    if (plan.includes("sort node")) sorted.push(scope);
  }
  if (sorted.length > 0) {
    notes.push(
      `Bound: ${sorted.join(" and ")} ${sorted.length > 1 ? "select" : "selects"} by current membership, which no index orders, ` +
        "so the server sorts every matching row of the members before the page, and the cost grows with the members' history. " +
        "A lateral read of each member's first page from the contact feed indexes, merged, would bound it by members × page " +
        "size instead. asOfThen has indexes ordered by company and reads only the page.",
    );
  }

  return {
    title: "2. Company feed: first page of listForCompany",
    about:
      `The first page (${PAGE}) of the feed of a company with ${company.members} current members, in each scope, through the tRPC procedure. ` +
      "Naive: the subject (and, for involving and asOfThen, the party) condition as an OR over a subquery; asOfThen reads the company " +
      "from the snapshot JSON, as a schema without the generated company columns must; every row loaded and sorted in the application.",
    rows,
    notes,
  };
}

function involvingKeysQuery(workspaceId: string, contactId: string): SQL {
  return feedKeysQuery([subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)], undefined, PAGE + 1);
}

function companyBranches(workspaceId: string, companyId: string): Record<CompanyScope, readonly FeedBranch[]> {
  return {
    members: [memberSubjectBranch(workspaceId, companyId)],
    involving: [memberSubjectBranch(workspaceId, companyId), memberPartyBranch(workspaceId, companyId)],
    asOfThen: [subjectSnapshotCompanyBranch(workspaceId, companyId), partySnapshotCompanyBranch(workspaceId, companyId)],
  };
}

type CompanyScope = "members" | "involving" | "asOfThen";

async function naiveInvolvingPage(db: Executor, workspaceId: string, contactId: string): Promise<InteractionRecord[]> {
  const rows = await queryRows<InteractionRecord>(
    db,
    sql`select * from interactions
      where workspace_id = ${workspaceId}
        and (contact_id = ${contactId} or id in (select interaction_id from interaction_parties where contact_id = ${contactId}))`,
  );
  return naivePage(db, rows);
}

async function naiveCompanyPage(db: Executor, workspaceId: string, companyId: string, scope: CompanyScope): Promise<number> {
  const members = sql`select m.contact_id from memberships m join contacts c on c.id = m.contact_id
    where m.workspace_id = ${workspaceId} and m.company_id = ${companyId} and c.status <> 'trashed'`;
  const conditions: Record<CompanyScope, SQL> = {
    members: sql`contact_id in (${members})`,
    involving: sql`(contact_id in (${members})
      or id in (select interaction_id from interaction_parties where contact_id in (${members})))`,
    asOfThen: sql`(subject_snapshot ->> 'companyId' = ${companyId}
      or id in (select interaction_id from interaction_parties where snapshot ->> 'companyId' = ${companyId}))`,
  };
  const rows = await queryRows<InteractionRecord>(
    db,
    sql`select * from interactions where workspace_id = ${workspaceId} and ${conditions[scope]}`,
  );
  const page = await naivePage(db, rows);
  // The company feeds return each subject's current record too.
  const subjects = [...new Set(page.map((row) => row.contact_id))];
  if (subjects.length > 0) {
    await queryRows(db, sql`select * from contacts where id in (${sql.join(subjects.map((id) => sql`${id}`), sql`, `)})`);
  }
  return page.length;
}

interface InteractionRecord extends Record<string, unknown> {
  readonly id: string;
  readonly contact_id: string;
  readonly occurred_at: unknown;
  readonly created_at: unknown;
}

/** Sorts every loaded row into feed order in the application, keeps one page and loads its parties. */
async function naivePage(db: Executor, rows: readonly InteractionRecord[]): Promise<InteractionRecord[]> {
  const page = sortFeed(rows).slice(0, PAGE);
  if (page.length > 0) {
    await queryRows(
      db,
      sql`select * from interaction_parties
        where interaction_id in (${sql.join(page.map((row) => sql`${row.id}`), sql`, `)})
        order by interaction_id, position`,
    );
  }
  return page;
}

function sortFeed(rows: readonly InteractionRecord[]): InteractionRecord[] {
  const keyed = rows.map((row) => ({ row, occurred: timeOf(row.occurred_at), created: timeOf(row.created_at) }));
  keyed.sort((a, b) => {
    if (a.occurred !== b.occurred) return b.occurred - a.occurred;
    if (a.created !== b.created) return b.created - a.created;
    if (a.row.id === b.row.id) return 0;
    return a.row.id < b.row.id ? 1 : -1;
  });
  return keyed.map((entry) => entry.row);
}

/** The drivers return timestamptz as a Date or as text, depending on the driver. */
function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") return Date.parse(value);
  throw new TypeError(`A feed time is ${typeof value}, not a Date or text; check the driver's type parsers.`);
}

/**
 * Runs EXPLAIN ANALYZE and names the plan's nodes in order, the execution
 * time, and whether a Sort or a sequential scan appears.
 */
export async function explain(db: Executor, query: SQL): Promise<string> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`explain (analyze, format json) ${query}`);
  const raw = row === undefined ? undefined : Object.values(row)[0];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as readonly PlanRoot[] | undefined;
  const root = parsed?.[0];
  if (root === undefined) return "no plan returned";

  const nodes: string[] = [];
  const visit = (node: PlanNode) => {
    nodes.push(node["Index Name"] ? `${node["Node Type"]} (${node["Index Name"]})` : node["Node Type"]);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root.Plan);
  const sorts = nodes.filter((node) => node === "Sort" || node.startsWith("Incremental Sort")).length;
  const seqScans = nodes.filter((node) => node.startsWith("Seq Scan")).length;
  const verdict = [
    sorts === 0 ? "no sort" : `${sorts} sort node(s)`,
    seqScans === 0 ? "no sequential scan" : `${seqScans} sequential scan(s)`,
  ].join(", ");
  const distinct = [...new Set(nodes)].join(" → ");
  return `${verdict}; ${root["Execution Time"].toFixed(2)} ms in the server; nodes: ${distinct}`;
}

interface PlanNode {
  readonly "Node Type": string;
  readonly "Index Name"?: string;
  readonly Plans?: readonly PlanNode[];
}

interface PlanRoot {
  readonly Plan: PlanNode;
  readonly "Execution Time": number;
}
