import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import type { Executor } from "../client";
import { queryRows } from "../query-rows";
import { insertContact, insertInteraction, insertParty, insertStaffPerson, insertWorkspace } from "../test-rows";
import { describeEachDatabase } from "../testing";
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from "../transaction";
import { contacts } from "./contacts";
import { interactionParties, interactions } from "./interactions";

describeEachDatabase("interactions table", (getHandle) => {
  test("type defaults to note", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    expect(interaction.type).toBe("note");
  });

  test("type outside the list is rejected", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const insert = db.execute(sql`
      insert into interactions (id, workspace_id, contact_id, type, occurred_at, subject_snapshot)
      values (gen_random_uuid(), ${contact.workspaceId}, ${contact.id}, 'fax', now(), '{}')`);
    await expect(insert).rejects.toSatisfy((error) => isCheckViolation(error, "interactions_type_check"));
  });

  test("subject company comes from snapshot", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const companyId = "0190f5a0-0000-7000-8000-000000000001";
    const interaction = await insertInteraction(db, contact, {
      subjectSnapshot: { source: "contact", name: "Ada", companyId, capturedAt: "2024-05-01T10:00:00Z" },
    });
    expect(interaction.subjectCompanyId).toBe(companyId);
  });

  test("version rises on every update", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    const [updated] = await db
      .update(interactions)
      .set({ subject: "Call back" })
      .where(eq(interactions.id, interaction.id))
      .returning();
    expect(updated?.version).toBe(interaction.version + 1);
  });

  test("subject contact delete is restricted", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    await insertInteraction(db, contact);
    const deletion = db.delete(contacts).where(eq(contacts.id, contact.id));
    await expect(deletion).rejects.toSatisfy((error) => isForeignKeyViolation(error));
  });
});

describeEachDatabase("interaction_parties table", (getHandle) => {
  test("rejects contact and staff together", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    const other = await insertContact(db, contact.workspaceId, { name: "Grace" });
    const staff = await insertStaffPerson(db, contact.workspaceId);
    const party = insertParty(db, interaction, {
      rawName: "Grace",
      identity: `contact:${other.id}`,
      contactId: other.id,
      staffPersonId: staff.id,
    });
    await expect(party).rejects.toSatisfy((error) =>
      isCheckViolation(error, "interaction_parties_one_reference_check"),
    );
  });

  test("one party per identity per interaction", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    await insertParty(db, interaction, { rawName: "Bob", identity: "name:bob" });
    const duplicate = insertParty(db, interaction, { rawName: "BOB", identity: "name:bob", position: 1 });
    await expect(duplicate).rejects.toSatisfy((error) =>
      isUniqueViolation(error, "interaction_parties_identity_unique"),
    );
  });

  test("allows one identity on two interactions", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const first = await insertInteraction(db, contact);
    const second = await insertInteraction(db, contact);
    await insertParty(db, first, { rawName: "Bob", identity: "name:bob" });
    const party = await insertParty(db, second, { rawName: "Bob", identity: "name:bob" });
    expect(party.interactionId).toBe(second.id);
  });

  test("contact delete keeps name and snapshot", async () => {
    const { db } = getHandle();
    const subject = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, subject);
    const other = await insertContact(db, subject.workspaceId, { name: "Grace" });
    const snapshot = { source: "contact" as const, name: "Grace", capturedAt: "2024-05-01T10:00:00Z" };
    const party = await insertParty(db, interaction, {
      rawName: "Grace",
      identity: `contact:${other.id}`,
      contactId: other.id,
      snapshot,
    });

    await db.delete(contacts).where(eq(contacts.id, other.id));

    const [after] = await db.select().from(interactionParties).where(eq(interactionParties.id, party.id));
    expect(after?.contactId).toBeNull();
    expect(after?.rawName).toBe("Grace");
    expect(after?.snapshot).toEqual(snapshot);
    expect(after?.identity).toBe(`contact:${other.id}`);
  });

  test("feed keys are copied from the interaction", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    const party = await insertParty(db, interaction, {
      rawName: "Bob",
      identity: "name:bob",
      occurredAt: new Date("2000-01-01T00:00:00Z"),
    });
    expect(party.occurredAt).toEqual(interaction.occurredAt);
  });

  test("feed keys follow occurred_at changes", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const interaction = await insertInteraction(db, contact);
    const party = await insertParty(db, interaction, { rawName: "Bob", identity: "name:bob" });
    const occurredAt = new Date("2024-06-02T08:30:00.123Z");

    await db.update(interactions).set({ occurredAt }).where(eq(interactions.id, interaction.id));

    const [after] = await db.select().from(interactionParties).where(eq(interactionParties.id, party.id));
    expect(after?.occurredAt).toEqual(occurredAt);
  });
});

describeEachDatabase("feed indexes", (getHandle) => {
  test("subject feed page needs no sort", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db);
    const plan = await explain(
      db,
      sql`select * from interactions
          where workspace_id = ${workspaceId} and contact_id = ${contactId}
            and (occurred_at, created_at, id) < (${cursorTime}::timestamptz, ${cursorTime}::timestamptz, ${cursorId}::uuid)
          order by occurred_at desc, created_at desc, id desc
          limit 50`,
    );
    expect(plan).toContain("Index Scan using interactions_contact_feed_idx");
    expect(plan).not.toContain("Sort");
  });

  test("party feed page needs no sort", async () => {
    const { db } = getHandle();
    const { workspaceId, contactId } = await seedFeed(db);
    const plan = await explain(
      db,
      sql`select * from interaction_parties
          where workspace_id = ${workspaceId} and contact_id = ${contactId}
            and (occurred_at, created_at, interaction_id) < (${cursorTime}::timestamptz, ${cursorTime}::timestamptz, ${cursorId}::uuid)
          order by occurred_at desc, created_at desc, interaction_id desc
          limit 50`,
    );
    expect(plan).toContain("Index Scan using interaction_parties_contact_feed_idx");
    expect(plan).not.toContain("Sort");
  });
});

const cursorTime = "2030-01-01T00:00:00Z";
const cursorId = "ffffffff-ffff-7fff-bfff-ffffffffffff";

/**
 * Three thousand interactions over twenty contacts, each with one other contact as a party, then
 * ANALYZE, so the planner chooses as it would on real data.
 */
async function seedFeed(db: Executor): Promise<{ workspaceId: string; contactId: string }> {
  const workspaceId = await insertWorkspace(db);
  const subjects = await Promise.all(
    Array.from({ length: 20 }, (_, index) => insertContact(db, workspaceId, { name: `Contact ${index}` })),
  );
  const contactIds = sql.raw(`array['${subjects.map((contact) => contact.id).join("','")}']::uuid[]`);
  await db.execute(sql`
    insert into interactions (id, workspace_id, contact_id, occurred_at, subject_snapshot)
    select gen_random_uuid(), ${workspaceId}, (${contactIds})[1 + g % 20],
           timestamptz '2024-01-01' + g * interval '1 hour', '{}'::jsonb
    from generate_series(1, 3000) as g`);
  await db.execute(sql`
    insert into interaction_parties (id, workspace_id, interaction_id, raw_name, contact_id, snapshot, position, identity, occurred_at, created_at)
    select gen_random_uuid(), workspace_id, id, 'Party', party_contact_id, '{}'::jsonb, 0, 'contact:' || party_contact_id, occurred_at, created_at
    from (select i.*, (${contactIds})[1 + (extract(epoch from i.occurred_at)::bigint / 3600 + 7) % 20] as party_contact_id
          from interactions i) as seeded`);
  await db.execute(sql`analyze`);
  const first = subjects[0];
  if (first === undefined) throw new Error("Seeding the feed created no contacts.");
  return { workspaceId, contactId: first.id };
}

async function explain(db: Executor, query: ReturnType<typeof sql>): Promise<string> {
  const rows = await queryRows<{ "QUERY PLAN": string }>(db, sql`explain ${query}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}
