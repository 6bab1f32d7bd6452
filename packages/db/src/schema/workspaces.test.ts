import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { insertContact, insertInteraction, insertParty, insertWorkspace } from "../test-rows";
import { describeEachDatabase } from "../testing";
import { contacts } from "./contacts";
import { interactionParties, interactions } from "./interactions";
import { workspaces } from "./workspaces";

describeEachDatabase("workspaces table", (getHandle) => {
  test("delete cascades to its rows", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    const contact = await insertContact(db, workspaceId);
    const interaction = await insertInteraction(db, contact);
    await insertParty(db, interaction, { rawName: "Bob", identity: "name:bob" });

    await db.delete(workspaces).where(eq(workspaces.id, workspaceId));

    expect(await db.select().from(contacts)).toEqual([]);
    expect(await db.select().from(interactions)).toEqual([]);
    expect(await db.select().from(interactionParties)).toEqual([]);
  });

  test("delete keeps other workspaces", async () => {
    const { db } = getHandle();
    const doomed = await insertWorkspace(db);
    const kept = await insertContact(db, await insertWorkspace(db, "Globex"));
    await insertContact(db, doomed);

    await db.delete(workspaces).where(eq(workspaces.id, doomed));

    expect(await db.select().from(contacts)).toEqual([kept]);
  });
});
