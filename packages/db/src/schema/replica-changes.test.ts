import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { queryRows } from "../query-rows";
import { insertContact, insertInteraction, insertStaffPerson, insertWorkspace } from "../test-rows";
import { describeEachDatabase } from "../testing";
import { contacts } from "./contacts";
import { interactions } from "./interactions";
import { replicaChanges } from "./replicache";
import { workspaces } from "./workspaces";

describeEachDatabase("replica_changes triggers", (getHandle) => {
  async function changesOf(workspaceId: string): Promise<readonly string[]> {
    const rows = await getHandle().db.select().from(replicaChanges).where(eq(replicaChanges.workspaceId, workspaceId));
    return rows.map((row) => row.xid);
  }

  test("a transaction that writes several tables of one workspace is recorded once", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);

    const xid = await db.transaction(async (tx) => {
      const contact = await insertContact(tx, workspaceId);
      await insertInteraction(tx, contact);
      await insertStaffPerson(tx, workspaceId);
      await tx.update(contacts).set({ name: "Renamed" }).where(eq(contacts.id, contact.id));
      const [row] = await queryRows<{ xid: string }>(tx, sql`select pg_current_xact_id()::text as xid`);
      return row?.xid;
    });

    expect(await changesOf(workspaceId)).toEqual([xid]);
  });

  test("inserts, updates and deletes are each recorded, per workspace", async () => {
    const { db } = getHandle();
    const acme = await insertWorkspace(db);
    const globex = await insertWorkspace(db, "Globex");
    const contact = await insertContact(db, acme);
    const interaction = await insertInteraction(db, contact);

    await db.update(interactions).set({ body: "Edited" }).where(eq(interactions.id, interaction.id));
    await db.delete(interactions).where(eq(interactions.id, interaction.id));

    expect(await changesOf(acme)).toHaveLength(4);
    expect(await changesOf(globex)).toEqual([]);
  });

  test("a statement that changes nothing records nothing", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);

    await db.update(contacts).set({ name: "Nobody" }).where(eq(contacts.workspaceId, workspaceId));

    expect(await changesOf(workspaceId)).toEqual([]);
  });

  test("deleting a workspace deletes its records and records nothing for it", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    await insertInteraction(db, await insertContact(db, workspaceId));

    await db.delete(workspaces).where(eq(workspaces.id, workspaceId));

    expect(await db.select().from(replicaChanges)).toEqual([]);
  });
});
