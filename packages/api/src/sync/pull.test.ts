import { contacts, replicacheClientViews } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { interactionIndexKeys } from "@crm/domain";
import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterEach, expect, test } from "vitest";

import { createTestWorkspace } from "../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../test/interaction-seed";
import { openDevice, readPrefix, waitFor, type Device } from "../../test/sync-harness";
import { PULL_OPERATION_LIMIT, type PatchOperation, type PullRequest, type PullResponseOk, type PullResult } from "./pull";

describeEachDatabase("sync.pull", (getHandle) => {
  const opened: Device[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((device) => device.close()));
  });

  function pullRequest(clientGroupID: string, cookie: { order: number } | null): PullRequest {
    return { pullVersion: 1, clientGroupID, cookie, profileID: "profile", schemaVersion: "1" };
  }

  function ok(result: PullResult): PullResponseOk {
    if ("error" in result.response) throw new Error(`pull answered ${result.response.error}`);
    return result.response;
  }

  function keysOf(patch: readonly PatchOperation[], op: "put" | "del"): string[] {
    return patch.flatMap((operation) => (operation.op === op ? [operation.key] : []));
  }

  test("sends every kind of row, the signed-in user first", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const engines = await seedCompany(services.db, workspace.workspaceId);
    const membership = await seedMembership(services.db, ada, engines);
    const staff = await workspace.asAdmin.staff.create({ name: "Stan Staff" });
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, body: "Hello" },
      parties: [{ rawName: "Someone" }],
    });

    const response = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));

    expect(keysOf(response.patch, "put")).toEqual([
      "meta/user",
      `contact/${ada.id}`,
      `company/${engines.id}`,
      `staff/${staff.id}`,
      `membership/${membership.id}`,
      `interaction/${created.id}`,
    ]);
    const values = new Map(response.patch.flatMap((op) => (op.op === "put" ? [[op.key, op.value]] : [])));
    expect(values.get("meta/user")).toMatchObject({ userId: workspace.member.userId, role: "member" });
    expect(values.get(`contact/${ada.id}`)).toMatchObject({ name: "Ada Lovelace", createdAt: ada.createdAt.toISOString(), version: 1 });
    const keys = interactionIndexKeys(created);
    expect(values.get(`interaction/${created.id}`)).toMatchObject({
      occurredAt: created.occurredAt.toISOString(),
      parties: [{ rawName: "Someone", position: 0 }],
      files: [],
      subjectKey: keys.subjectKey,
      involvingKeys: [...keys.involvingKeys],
      companyKeys: [...keys.companyKeys],
    });
  });

  test("a pull with nothing changed returns the same cookie and an empty patch", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));

    const second = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    expect(second).toEqual({ cookie: first.cookie, lastMutationIDChanges: {}, patch: [] });
  });

  test("the cookie grows with every change, and only changed rows are sent", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace" });
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));

    await services.db.update(contacts).set({ name: "Ada King" }).where(eq(contacts.id, ada.id));
    await services.db.delete(contacts).where(eq(contacts.id, grace.id));
    const second = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    expect(second.cookie.order).toBeGreaterThan(first.cookie.order);
    expect(keysOf(second.patch, "put")).toEqual([`contact/${ada.id}`]);
    expect(keysOf(second.patch, "del")).toEqual([`contact/${grace.id}`]);
    expect(second.patch[0]).toMatchObject({ value: { name: "Ada King", version: 2 } });
  });

  test("reports the lastMutationID of the group's clients that changed", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());
    const push = (clientID: string, id: number) =>
      workspace.asMember.sync.push({
        pushVersion: 1,
        clientGroupID: "group-1",
        profileID: "profile",
        schemaVersion: "1",
        mutations: [{ clientID, id, name: "createContact", args: { id: uuidv7(), name: `Contact ${id}` }, timestamp: 1 }],
      });
    await push("client-a", 1);
    await push("client-b", 1);
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    await push("client-b", 2);

    const second = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    expect(first.lastMutationIDChanges).toEqual({ "client-a": 1, "client-b": 1 });
    expect(second.lastMutationIDChanges).toEqual({ "client-b": 2 });
  });

  test("an unknown client group with a cookie gets ClientStateNotFound", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());

    const result = await workspace.asMember.sync.pull(pullRequest("never-seen", { order: 4 }));

    expect(result).toEqual({ response: { error: "ClientStateNotFound" }, partial: false });
  });

  test("a cookie whose client view is gone clears the replica and sends everything", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    await services.db.delete(replicacheClientViews);

    const again = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    expect(again.patch[0]).toEqual({ op: "clear" });
    expect(keysOf(again.patch, "put")).toEqual(["meta/user", `contact/${ada.id}`]);
    expect(again.cookie.order).toBeGreaterThan(first.cookie.order);
  });

  test("keeps at most the two latest client views of a group", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    let cookie: { order: number } | null = null;
    for (const name of ["One", "Two", "Three", "Four"]) {
      await services.db.update(contacts).set({ name }).where(eq(contacts.id, ada.id));
      cookie = ok(await workspace.asMember.sync.pull(pullRequest("group-1", cookie))).cookie;
    }

    const views = await services.db.select({ version: replicacheClientViews.version }).from(replicacheClientViews);

    expect(views.map((view) => view.version).sort()).toEqual([3, 4]);
  });

  test("a client group of another workspace's user sees nothing of this one", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.interactions.create({ interaction: { contactId: ada.id, body: "Acme only" } });
    const globex = await createTestWorkspace(services, "Globex");
    const globexContact = await seedContact(services.db, globex.workspaceId, { name: "Globex person" });

    const response = ok(await globex.asMember.sync.pull(pullRequest("globex-group", null)));

    expect(keysOf(response.patch, "put")).toEqual(["meta/user", `contact/${globexContact.id}`]);
  });

  test("a first sync of 20,000 interactions arrives in capped pieces", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const total = 20_000;
    await services.db.execute(sql`
      insert into interactions (id, workspace_id, contact_id, type, occurred_at, body, subject_snapshot, created_at, updated_at)
      select gen_random_uuid(), ${workspace.workspaceId}, ${ada.id}, 'note',
        timestamp '2026-01-01' + n * interval '1 minute', 'Bulk ' || n,
        ${JSON.stringify({ source: "contact", name: "Ada Lovelace", capturedAt: "2026-01-01T00:00:00Z" })}::jsonb,
        now(), now()
      from generate_series(1, ${total}) as n`);

    const device = openDevice(services, { actor: () => workspace.member, live: false });
    opened.push(device);
    await device.rep.pull({ now: true });
    await waitFor(async () => (await readPrefix(device.rep, "interaction/")).size === total, 120_000);

    expect(device.patchSizes.length).toBeGreaterThan(total / PULL_OPERATION_LIMIT);
    expect(Math.max(...device.patchSizes)).toBeLessThanOrEqual(PULL_OPERATION_LIMIT);
  }, 180_000);
});
