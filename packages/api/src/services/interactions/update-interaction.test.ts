import { activityEntries, contacts, interactions, memberships, type Executor } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import type { Interaction } from "@crm/domain";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../../test/error-shape";
import { callerFor } from "../../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../../test/interaction-seed";
import { updateInteraction } from ".";

describeEachDatabase("updateInteraction", (getHandle) => {
  async function setUpWithParties() {
    const context = await setUpInteractionsTest(getHandle());
    const { services, workspace, ada } = context;
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const navy = await seedCompany(services.db, workspace.workspaceId, { name: "US Navy" });
    await seedMembership(services.db, grace, navy, { roleInCompany: "Rear Admiral" });
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, type: "call", subject: "Kickoff", body: "First draft" },
      parties: [{ rawName: "Grace", contactId: grace.id }, { rawName: "Bob" }],
    });
    services.notices.length = 0;
    return { ...context, grace, navy, created };
  }

  test("update without parties keeps them", async () => {
    const { workspace, created } = await setUpWithParties();

    const updated = await workspace.asMember.interactions.update({ id: created.id, changes: { subject: "Renamed" } });

    expect(updated.subject).toBe("Renamed");
    expect(updated.body).toBe("First draft");
    expect(updated.parties).toEqual(created.parties);
  });

  test("null parties keeps them", async () => {
    const { workspace, created } = await setUpWithParties();

    const updated = await workspace.asMember.interactions.update({ id: created.id, changes: {}, parties: null });

    expect(updated.parties).toEqual(created.parties);
  });

  test("empty parties clears them", async () => {
    const { workspace, created } = await setUpWithParties();

    const updated = await workspace.asMember.interactions.update({ id: created.id, changes: {}, parties: [] });

    expect(updated.parties).toEqual([]);
    const fetched = await workspace.asMember.interactions.get({ id: created.id });
    expect(fetched?.parties).toEqual([]);
  });

  test("snapshot survives rename and move", async () => {
    const { services, workspace, grace, created } = await setUpWithParties();
    const original = created.parties[0]!;
    const babbage = await seedCompany(services.db, workspace.workspaceId, { name: "Babbage & Co" });
    await services.db.update(contacts).set({ name: "Grace B. Hopper" }).where(eq(contacts.id, grace.id));
    await services.db.delete(memberships).where(eq(memberships.contactId, grace.id));
    await seedMembership(services.db, grace, babbage, { roleInCompany: "Consultant" });

    const updated = await workspace.asMember.interactions.update({
      id: created.id,
      changes: { body: "Second draft" },
      parties: [{ rawName: "Carol" }, { rawName: "Grace", contactId: grace.id }],
    });

    const kept = updated.parties.find((party) => party.contactId === grace.id);
    expect(kept?.id).toBe(original.id);
    expect(kept?.snapshot).toEqual(original.snapshot);
    expect(kept?.position).toBe(1);
    expect(updated.parties.map((party) => party.rawName)).toEqual(["Carol", "Grace"]);
  });

  test("new party gets current snapshot", async () => {
    const { services, workspace, created } = await setUpWithParties();
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });

    const updated = await workspace.asMember.interactions.update({
      id: created.id,
      changes: {},
      parties: [...created.parties, { rawName: "", contactId: lin.id }],
    });

    expect(updated.parties).toHaveLength(3);
    expect(updated.parties[0]).toEqual(created.parties[0]);
    expect(updated.parties[2]).toMatchObject({ rawName: "Lin", contactId: lin.id, position: 2 });
    expect(updated.parties[2]?.snapshot).toMatchObject({ source: "contact", name: "Lin" });
  });

  test("update without read-back returns stored shape", async () => {
    const { services, workspace, created } = await setUpWithParties();
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });

    const updated = await updateInteraction(
      services,
      workspace.member,
      {
        id: created.id,
        changes: { subject: "Follow-up" },
        parties: [{ rawName: "Grace", contactId: created.parties[0]!.contactId }, { rawName: "", contactId: lin.id }],
      },
      { readBack: false },
    );

    const stored = await workspace.asMember.interactions.get({ id: created.id });
    expect(updated).toEqual(stored);
    expect(updated.parties.map((party) => party.rawName)).toEqual(["Grace", "Lin"]);
    expect(updated.parties[0]?.snapshot).toEqual(created.parties[0]?.snapshot);
  });

  test("bad party writes nothing", async () => {
    const { services, workspace, created } = await setUpWithParties();

    const error = await clientErrorOf(
      workspace.asMember.interactions.update({
        id: created.id,
        changes: { subject: "Changed" },
        parties: [{ rawName: "Ghost", contactId: uuidv7() }],
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["parties.0.contactId"]);
    const fetched = await workspace.asMember.interactions.get({ id: created.id });
    expect(fetched).toEqual(created);
    expect(await activityCount(services.db, "interaction.updated")).toBe(0);
  });

  test("contactId cannot change", async () => {
    const { workspace, created, grace } = await setUpWithParties();

    const error = await clientErrorOf(
      workspace.asMember.interactions.update({
        id: created.id,
        // @ts-expect-error -- the subject contact is not editable
        changes: { contactId: grace.id },
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["changes"]);
  });

  test("member who is not owner is forbidden", async () => {
    const { workspace, created } = await setUpWithParties();
    const ownedByAdmin = await workspace.asAdmin.interactions.create({
      interaction: { contactId: created.contactId, subject: "Admin's" },
    });

    const error = await clientErrorOf(
      workspace.asMember.interactions.update({ id: ownedByAdmin.id, changes: { subject: "Hijacked" }, parties: [] }),
    );

    expect(error.data.code).toBe("FORBIDDEN");
    expect(await workspace.asAdmin.interactions.get({ id: ownedByAdmin.id })).toEqual(ownedByAdmin);
  });

  test("admin may update others' interactions", async () => {
    const { workspace, created } = await setUpWithParties();

    const updated = await workspace.asAdmin.interactions.update({ id: created.id, changes: { subject: "By admin" } });

    expect(updated.subject).toBe("By admin");
    expect(updated.ownerUserId).toBe(workspace.member.userId);
  });

  test("missing id is not found", async () => {
    const { workspace } = await setUpWithParties();

    const error = await clientErrorOf(workspace.asMember.interactions.update({ id: uuidv7(), changes: {} }));

    expect(error.data.code).toBe("NOT_FOUND");
  });

  test("malformed id is bad request", async () => {
    const { services, workspace } = await setUpWithParties();

    const error = await clientErrorOf(workspace.asMember.interactions.update({ id: "42", changes: {} }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["id"]);
    await expect(updateInteraction(services, workspace.member, { id: "42", changes: {} })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("update logs activity without body", async () => {
    const { services, workspace, grace, created } = await setUpWithParties();

    await workspace.asMember.interactions.update({
      id: created.id,
      changes: { body: "secret body", type: "meeting" },
      parties: [{ rawName: "Grace", contactId: grace.id }, { rawName: "Carol" }],
    });

    const [entry] = await services.db
      .select()
      .from(activityEntries)
      .where(eq(activityEntries.action, "interaction.updated"));
    expect(entry).toMatchObject({ actorUserId: workspace.member.userId, resourceType: "contact", resourceId: created.contactId });
    expect(entry?.metadata).toEqual({
      interactionId: created.id,
      type: "meeting",
      subject: "Kickoff",
      changedFields: ["type", "body", "parties"],
      partiesAdded: [{ identity: "name:carol", rawName: "Carol" }],
      partiesRemoved: [{ identity: "name:bob", rawName: "Bob" }],
    });
    expect(JSON.stringify(entry?.metadata)).not.toContain("secret body");
  });

  test("unchanged update writes nothing", async () => {
    const { services, workspace, created } = await setUpWithParties();

    const updated = await workspace.asMember.interactions.update({ id: created.id, changes: { subject: "Kickoff" } });

    expect(updated).toEqual(created);
    expect(await activityCount(services.db, "interaction.updated")).toBe(0);
    expect(services.notices).toEqual([]);
  });

  test("update notifies before and after", async () => {
    const { services, workspace, ada, grace, created } = await setUpWithParties();
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });

    await workspace.asMember.interactions.update({
      id: created.id,
      changes: {},
      parties: [{ rawName: "Lin", contactId: lin.id }],
    });

    expect(services.notices).toHaveLength(1);
    expect(services.notices[0]?.workspaceId).toBe(workspace.workspaceId);
    expect([...(services.notices[0]?.contactIds ?? [])].sort()).toEqual([ada.id, grace.id, lin.id].sort());
  });

  test("occurredAt change moves parties in feed", async () => {
    const { services, workspace, grace, created } = await setUpWithParties();
    const occurredAt = new Date("2020-02-02T02:02:02.002Z");

    await workspace.asMember.interactions.update({ id: created.id, changes: { occurredAt } });

    const page = await workspace.asMember.interactions.listInvolving({ contactId: grace.id });
    expect(page.items[0]?.occurredAt).toEqual(occurredAt);
    const [row] = await services.db.select().from(interactions).where(eq(interactions.id, created.id));
    expect(row?.occurredAt).toEqual(occurredAt);
  });

  test("stale base merges body and parties", async () => {
    const { services, workspace, grace, created } = await setUpWithParties();
    const base = editBase(created);
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });

    // One editor changes the body; another, from the same base, adds a party.
    await workspace.asMember.interactions.update({ id: created.id, changes: { body: "Edited body" }, base });
    const merged = await workspace.asAdmin.interactions.update({
      id: created.id,
      changes: {},
      parties: [...base.parties, { rawName: "Lin", contactId: lin.id }],
      base,
    });

    expect(merged.body).toBe("Edited body");
    expect(merged.parties.map((party) => party.contactId)).toEqual([grace.id, null, lin.id]);
  });

  test("stale base keeps concurrent party", async () => {
    const { workspace, created } = await setUpWithParties();
    const base = editBase(created);

    await workspace.asMember.interactions.update({
      id: created.id,
      changes: {},
      parties: [...base.parties, { rawName: "Carol" }],
      base,
    });
    const merged = await workspace.asMember.interactions.update({
      id: created.id,
      changes: { subject: "Later" },
      parties: [...base.parties, { rawName: "Dan" }],
      base,
    });

    expect(merged.subject).toBe("Later");
    expect(merged.parties.map((party) => party.rawName)).toEqual(["Grace", "Bob", "Dan", "Carol"]);
  });

  test("base accepts ISO occurredAt", async () => {
    const { workspace, created } = await setUpWithParties();
    const base = { ...editBase(created), occurredAt: created.occurredAt.toISOString() };

    const updated = await workspace.asMember.interactions.update({ id: created.id, changes: { body: "Iso" }, base });

    expect(updated.body).toBe("Iso");
  });

});

describeEachDatabase("updateInteraction concurrency", (getHandle, driver) => {
  test.skipIf(driver === "pglite")("concurrent body edit and party addition both survive", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, body: "First draft" },
      parties: [{ rawName: "Bob" }],
    });
    const base = editBase(created);

    const results = await Promise.allSettled([
      workspace.asMember.interactions.update({ id: created.id, changes: { body: "Edited body" }, base }),
      callerFor(services, workspace.admin).interactions.update({
        id: created.id,
        changes: {},
        parties: [...base.parties, { rawName: "Lin", contactId: lin.id }],
        base,
      }),
    ]);

    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
    const stored = await workspace.asMember.interactions.get({ id: created.id });
    expect(stored?.body).toBe("Edited body");
    expect(stored?.parties.map((party) => party.rawName)).toEqual(["Bob", "Lin"]);
  });

  test.skipIf(driver === "pglite")("serialization failures are retried", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const created = await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });
    const base = editBase(created);

    const edits = Array.from({ length: 4 }, (_, index) =>
      workspace.asMember.interactions.update({
        id: created.id,
        changes: {},
        parties: [{ rawName: `Guest ${index}` }],
        base,
      }),
    );
    const creates = Array.from({ length: 3 }, (_, index) =>
      workspace.asMember.interactions.create({
        interaction: { contactId: index % 2 === 0 ? ada.id : grace.id },
        parties: [{ rawName: "Grace", contactId: grace.id }],
      }),
    );
    const results = await Promise.allSettled([...edits, ...creates]);

    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    const stored = await workspace.asMember.interactions.get({ id: created.id });
    expect(stored?.parties.map((party) => party.rawName).sort()).toEqual(
      Array.from({ length: 4 }, (_, index) => `Guest ${index}`).sort(),
    );
    expect(await workspace.asMember.interactions.count()).toBe(4);
    expect(await activityCount(services.db, "interaction.updated")).toBe(4);
  });
});

/** Returns the editable fields and party identities of an interaction, as an editor saw them. */
function editBase(interaction: Interaction) {
  return {
    type: interaction.type,
    occurredAt: interaction.occurredAt,
    timeZone: interaction.timeZone,
    subject: interaction.subject,
    body: interaction.body,
    metadata: interaction.metadata,
    parties: interaction.parties.map(({ rawName, contactId, staffPersonId }) => ({ rawName, contactId, staffPersonId })),
  };
}

async function activityCount(db: Executor, action: string): Promise<number> {
  const rows = await db.select().from(activityEntries).where(eq(activityEntries.action, action));
  return rows.length;
}
