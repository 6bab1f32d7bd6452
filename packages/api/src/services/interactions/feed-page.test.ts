import { interactionParties, interactions, queryRows, type Executor } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { decodeCursor, type ContactSnapshot, type FeedPage, type Interaction } from "@crm/domain";
import { sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, it } from "vitest";

import { seedCompany, seedContact, seedWorkspace } from "../../../test/interaction-seed";
import { partyBranch, partySnapshotCompanyBranch, subjectBranch, subjectSnapshotCompanyBranch } from "./feed-branches";
import { feedKeysQuery, feedPageQuery, readFeedPage } from "./feed-page";

describeEachDatabase("involving feed keys", (getHandle) => {
  it("involving page plan has no sort", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 1000);
    await db.execute(sql`vacuum analyze`);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];

    const firstPlan = await explain(db, feedKeysQuery(branches, undefined, 51));
    const first = await readFeedPage(db, workspaceId, branches, { limit: 50 });
    const laterPlan = await explain(db, feedKeysQuery(branches, decodeCursor(first.nextCursor!), 51));

    for (const plan of [firstPlan, laterPlan]) {
      expect(nodeTypes(plan)).not.toContain("Sort");
      expect(nodeTypes(plan)).not.toContain("Incremental Sort");
      expect(nodeTypes(plan)).toContain("Merge Append");
      expect(indexNames(plan)).toContain("interactions_contact_feed_idx");
      expect(indexNames(plan)).toContain("interaction_parties_contact_feed_idx");
    }
  });

  it("page statement plan has no sort over the feed", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 1000);
    await db.execute(sql`vacuum analyze`);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];
    const first = await readFeedPage(db, workspaceId, branches, { limit: 50 });
    const after = decodeCursor(first.nextCursor!);

    for (const cursor of [undefined, after]) {
      const plan = await explain(db, feedPageQuery(db, workspaceId, branches, cursor, 51).getSQL());
      const scans = indexScans(plan);

      // Subplans aggregate one interaction's parties or files; only the rest of the plan reads the feed.
      expect(nodeTypes(plan)).not.toContain("Sort");
      expect(nodeTypes(plan)).not.toContain("Incremental Sort");
      expect(nodeTypes(plan)).toContain("Merge Append");
      expect(scans.get("interactions_contact_feed_idx")).toBe("Index Only Scan");
      expect(scans.get("interaction_parties_contact_feed_idx")).toBe("Index Only Scan");
      expect(scans.get("interactions_pkey")).toBe("Index Scan");
    }
  });

  it("page statement generic plan has no sort", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 1000);
    await db.execute(sql`vacuum analyze`);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];
    const query = feedPageQuery(db, workspaceId, branches, undefined, 51).toSQL();

    // The service prepares the statement, and after a few calls PostgreSQL may
    // run it with a plan made without the parameters' values.
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      await tx.execute(sql.raw(`prepare feed_page_plan as ${query.sql}`));
      const generic = await explain(tx, sql.raw(`execute feed_page_plan(${query.params.map(sqlLiteral).join(", ")})`));
      await tx.execute(sql`deallocate feed_page_plan`);
      return generic;
    });
    const scans = indexScans(plan);

    // A generic plan compares the index columns with parameters, not values.
    expect(JSON.stringify(plan)).toMatch(/workspace_id = \$\d+/);
    expect(nodeTypes(plan)).not.toContain("Sort");
    expect(nodeTypes(plan)).not.toContain("Incremental Sort");
    expect(nodeTypes(plan)).toContain("Merge Append");
    expect(scans.get("interactions_contact_feed_idx")).toBe("Index Only Scan");
    expect(scans.get("interaction_parties_contact_feed_idx")).toBe("Index Only Scan");
  });

  it("page with subjects plan has no sort over the feed", async () => {
    const { db } = getHandle();
    const { workspaceId, companyId } = await seedFeed(db, 1000);
    await db.execute(sql`vacuum analyze`);
    const branches = [
      subjectSnapshotCompanyBranch(workspaceId, companyId),
      partySnapshotCompanyBranch(workspaceId, companyId),
    ];

    const plan = await explain(db, feedPageQuery(db, workspaceId, branches, undefined, 51, { withSubjects: true }).getSQL());
    const scans = indexScans(plan);

    expect(nodeTypes(plan)).not.toContain("Sort");
    expect(nodeTypes(plan)).not.toContain("Incremental Sort");
    expect(nodeTypes(plan)).toContain("Merge Append");
    expect(scans.get("interactions_company_feed_idx")).toBe("Index Only Scan");
    expect(scans.get("interaction_parties_company_feed_idx")).toBe("Index Only Scan");
  });

  it("pages cover subject and party rows once", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 30);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FeedPage<Interaction> = await readFeedPage(db, workspaceId, branches, { limit: 7, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);

    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });
});

/**
 * Seeds a workspace where one contact is the subject of `count` interactions
 * and a party on `count` interactions of another contact, beside `count`
 * interactions that do not involve it. The contact's snapshots, as subject
 * and as party, record one company.
 */
async function seedFeed(
  db: Executor,
  count: number,
): Promise<{ readonly workspaceId: string; readonly contactId: string; readonly companyId: string }> {
  const workspaceId = await seedWorkspace(db);
  const contact = await seedContact(db, workspaceId);
  const other = await seedContact(db, workspaceId, { name: "Charles Babbage" });
  const company = await seedCompany(db, workspaceId);
  const snapshot = { source: "contact" as const, name: "Ada", companyId: company.id, capturedAt: "2025-01-01T00:00:00Z" };
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  const rowsFor = (subjectId: string, offset: number, subjectSnapshot: ContactSnapshot) =>
    Array.from({ length: count }, (_, index) => ({
      id: uuidv7(),
      workspaceId,
      contactId: subjectId,
      occurredAt: new Date(start + (index * 3 + offset) * 60_000),
      subjectSnapshot,
    }));

  const otherSnapshot: ContactSnapshot = { source: "contact", name: "Charles", capturedAt: "2025-01-01T00:00:00Z" };
  const subjectRows = rowsFor(contact.id, 0, snapshot);
  const partyRows = rowsFor(other.id, 1, otherSnapshot);
  await db.insert(interactions).values([...subjectRows, ...partyRows, ...rowsFor(other.id, 2, otherSnapshot)]);
  await db.insert(interactionParties).values(
    partyRows.map((row) => ({
      id: uuidv7(),
      workspaceId,
      interactionId: row.id,
      rawName: "Ada",
      contactId: contact.id,
      snapshot,
      position: 0,
      identity: `contact:${contact.id}`,
      occurredAt: row.occurredAt,
      createdAt: row.occurredAt,
    })),
  );
  return { workspaceId, contactId: contact.id, companyId: company.id };
}

/** Writes a parameter of the feed statements (a number, or text such as an id) as an SQL literal. */
function sqlLiteral(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  throw new Error(`sqlLiteral: ${typeof value} parameters are not expected in the feed statements.`);
}

interface PlanNode {
  readonly "Node Type": string;
  readonly "Index Name"?: string;
  readonly "Parent Relationship"?: string;
  readonly Plans?: readonly PlanNode[];
}

async function explain(db: Executor, query: SQL): Promise<PlanNode> {
  const rows = await queryRows<{ "QUERY PLAN": unknown }>(db, sql`explain (format json) ${query}`);
  const raw = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as readonly { readonly Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

/** Lists the node types of the plan, leaving out subplans: those run per page row, not over the feed. */
function nodeTypes(node: PlanNode): string[] {
  const children = (node.Plans ?? []).filter((child) => child["Parent Relationship"] !== "SubPlan");
  return [node["Node Type"], ...children.flatMap(nodeTypes)];
}

/** Maps each index the plan reads, subplans included, to the type of the node that scans it. */
function indexScans(node: PlanNode): Map<string, string> {
  const scans = new Map<string, string>();
  const visit = (current: PlanNode) => {
    if (current["Index Name"]) scans.set(current["Index Name"], current["Node Type"]);
    for (const child of current.Plans ?? []) visit(child);
  };
  visit(node);
  return scans;
}

function indexNames(node: PlanNode): string[] {
  return [...(node["Index Name"] ? [node["Index Name"]] : []), ...(node.Plans ?? []).flatMap(indexNames)];
}
