import { interactionParties, interactions, queryRows, type Executor } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { decodeCursor } from "@crm/domain";
import { sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, it } from "vitest";

import { seedContact, seedWorkspace } from "../../../test/interaction-seed";
import { partyBranch, subjectBranch } from "./feed-branches";
import { feedKeysQuery, queryFeedKeys } from "./feed-page";

describeEachDatabase("involving feed keys", (getHandle) => {
  it("involving page plan has no sort", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 1000);
    await db.execute(sql`vacuum analyze`);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];

    const firstPlan = await explain(db, feedKeysQuery(branches, undefined, 51));
    const first = await queryFeedKeys(db, branches, { limit: 50 });
    const laterPlan = await explain(db, feedKeysQuery(branches, decodeCursor(first.nextCursor!), 51));

    for (const plan of [firstPlan, laterPlan]) {
      expect(nodeTypes(plan)).not.toContain("Sort");
      expect(nodeTypes(plan)).not.toContain("Incremental Sort");
      expect(nodeTypes(plan)).toContain("Merge Append");
      expect(indexNames(plan)).toContain("interactions_contact_feed_idx");
      expect(indexNames(plan)).toContain("interaction_parties_contact_feed_idx");
    }
  });

  it("pages cover subject and party rows once", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db, 30);
    const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queryFeedKeys(db, branches, { limit: 7, cursor });
      seen.push(...page.ids);
      cursor = page.nextCursor;
    } while (cursor !== null);

    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });
});

/**
 * Seeds a workspace where one contact is the subject of `count` interactions
 * and a party on `count` interactions of another contact, beside `count`
 * interactions that do not involve it.
 */
async function seedFeed(
  db: Executor,
  count: number,
): Promise<{ readonly workspaceId: string; readonly contactId: string }> {
  const workspaceId = await seedWorkspace(db);
  const contact = await seedContact(db, workspaceId);
  const other = await seedContact(db, workspaceId, { name: "Charles Babbage" });
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  const rowsFor = (subjectId: string, offset: number) =>
    Array.from({ length: count }, (_, index) => ({
      id: uuidv7(),
      workspaceId,
      contactId: subjectId,
      occurredAt: new Date(start + (index * 3 + offset) * 60_000),
      subjectSnapshot: { source: "contact" as const, name: "Ada", capturedAt: "2025-01-01T00:00:00Z" },
    }));

  const subjectRows = rowsFor(contact.id, 0);
  const partyRows = rowsFor(other.id, 1);
  await db.insert(interactions).values([...subjectRows, ...partyRows, ...rowsFor(other.id, 2)]);
  await db.insert(interactionParties).values(
    partyRows.map((row) => ({
      id: uuidv7(),
      workspaceId,
      interactionId: row.id,
      rawName: "Ada",
      contactId: contact.id,
      snapshot: { source: "free_text" as const, capturedAt: "2025-01-01T00:00:00Z" },
      position: 0,
      identity: `contact:${contact.id}`,
      occurredAt: row.occurredAt,
      createdAt: row.occurredAt,
    })),
  );
  return { workspaceId, contactId: contact.id };
}

interface PlanNode {
  readonly "Node Type": string;
  readonly "Index Name"?: string;
  readonly Plans?: readonly PlanNode[];
}

async function explain(db: Executor, query: SQL): Promise<PlanNode> {
  const rows = await queryRows<{ "QUERY PLAN": unknown }>(db, sql`explain (format json) ${query}`);
  const raw = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as readonly { readonly Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

function nodeTypes(node: PlanNode): string[] {
  return [node["Node Type"], ...(node.Plans ?? []).flatMap(nodeTypes)];
}

function indexNames(node: PlanNode): string[] {
  return [...(node["Index Name"] ? [node["Index Name"]] : []), ...(node.Plans ?? []).flatMap(indexNames)];
}
