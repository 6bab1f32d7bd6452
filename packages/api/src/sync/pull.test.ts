import { contacts, queryRows, replicaChanges, replicacheClientViews, users } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { interactionIndexKeys } from "@crm/domain";
import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterEach, expect, test } from "vitest";

import { createTestWorkspace } from "../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../test/interaction-seed";
import { openDevice, readPrefix, waitFor, type Device } from "../../test/sync-harness";
import { isClientViewCurrent } from "./client-view";
import { PULL_OPERATION_LIMIT, type PatchOperation, type PullRequest, type PullResponseOk, type PullResult } from "./pull";

describeEachDatabase("sync.pull", (getHandle, driver) => {
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

  test("pull after plain SQL writes", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const engines = await seedCompany(services.db, workspace.workspaceId);
    const membership = await seedMembership(services.db, ada, engines);
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    const unchanged = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    // Plain SQL, as a script or a migration would write: no service code runs.
    await services.db.execute(sql`update contacts set name = 'Ada King' where id = ${ada.id}`);
    await services.db.execute(sql`delete from memberships where id = ${membership.id}`);
    const changed = ok(await workspace.asMember.sync.pull(pullRequest("group-1", unchanged.cookie)));

    expect(unchanged.patch).toEqual([]);
    expect(keysOf(changed.patch, "put")).toEqual([`contact/${ada.id}`]);
    expect(keysOf(changed.patch, "del")).toEqual([`membership/${membership.id}`]);
  });

  test("view currency across changes", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const member = workspace.member;
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    const current = () => isClientViewCurrent(services.db, member, "group-1", first.cookie.order);
    const afterFirstPull = await current();

    await services.db.update(contacts).set({ name: "Ada King" }).where(eq(contacts.id, ada.id));
    const afterChange = await current();
    const second = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    // An update that leaves every value as it was still records a change.
    await services.db.update(users).set({ name: sql`${users.name}` }).where(eq(users.id, member.userId));
    const secondCurrent = () => isClientViewCurrent(services.db, member, "group-1", second.cookie.order);
    const afterNoOpUpdate = await secondCurrent();
    const third = ok(await workspace.asMember.sync.pull(pullRequest("group-1", second.cookie)));

    expect([afterFirstPull, afterChange, afterNoOpUpdate]).toEqual([true, false, false]);
    expect(third).toEqual({ cookie: second.cookie, lastMutationIDChanges: {}, patch: [] });
    expect(await secondCurrent()).toBe(true);
  });

  test("a view is never current for another user or another workspace", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());
    const globex = await createTestWorkspace(services, "Globex");
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    const check = (actor: { workspaceId: string; userId: string }) =>
      isClientViewCurrent(services.db, actor, "group-1", first.cookie.order);

    expect(await check(workspace.member)).toBe(true);
    expect(await check(workspace.admin)).toBe(false);
    expect(await check(globex.member)).toBe(false);
    expect(await check({ workspaceId: globex.workspaceId, userId: workspace.member.userId })).toBe(false);
    await expect(globex.asMember.sync.pull(pullRequest("group-1", first.cookie))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("partial first sync stays stale", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    await services.db.execute(sql`
      insert into contacts (id, workspace_id, name)
      select gen_random_uuid(), ${workspace.workspaceId}, 'Bulk ' || n from generate_series(1, ${PULL_OPERATION_LIMIT}) as n`);

    const first = await workspace.asMember.sync.pull(pullRequest("group-1", null));
    const current = await isClientViewCurrent(services.db, workspace.member, "group-1", ok(first).cookie.order);
    const rest = ok(await workspace.asMember.sync.pull(pullRequest("group-1", ok(first).cookie)));

    expect(first.partial).toBe(true);
    expect(current).toBe(false);
    expect(rest.patch.length).toBeGreaterThan(0);
    expect(keysOf([...ok(first).patch, ...rest.patch], "put")).toContain(`contact/${ada.id}`);
  });

  test("change records every view has seen are pruned after an hour", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));
    const recorded = async () =>
      (await services.db.select().from(replicaChanges).where(eq(replicaChanges.workspaceId, workspace.workspaceId))).length;
    const seenByTheView = await recorded();
    await services.db.execute(sql`update replica_changes set created_at = created_at - interval '2 hours'`);

    await services.db.update(contacts).set({ name: "Ada King" }).where(eq(contacts.id, ada.id));
    ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));

    // The first view is kept as the cookie before the latest, so only records older than its snapshot go.
    const [oldest] = await queryRows<{ xmin: string }>(
      services.db,
      sql`select min(pg_snapshot_xmin(snapshot))::text as xmin from replicache_client_views`,
    );
    const leftBelowEveryView = await queryRows(
      services.db,
      sql`select 1 from replica_changes where xid < ${oldest?.xmin ?? "0"}::xid8 and created_at < now() - interval '1 hour'`,
    );
    expect(seenByTheView).toBeGreaterThan(0);
    expect(leftBelowEveryView).toEqual([]);
    expect(await recorded()).toBeGreaterThan(0);
  });

  test.skipIf(driver === "pglite")(
    "a change committed while a pull ran reaches the next pull",
    async () => {
      const handle = getHandle();
      if (handle.driver !== "postgres") throw new Error("this test holds a second connection open");
      const { services, workspace, ada } = await setUpInteractionsTest(handle);
      const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace" });
      const first = ok(await workspace.asMember.sync.pull(pullRequest("group-1", null)));

      await services.db.update(contacts).set({ name: "Grace Hopper" }).where(eq(contacts.id, grace.id));
      const writer = await handle.client.reserve();
      try {
        await writer`begin`;
        await writer`update contacts set name = 'Ada King' where id = ${ada.id}`;
        const during = ok(await workspace.asMember.sync.pull(pullRequest("group-1", first.cookie)));
        await writer`commit`;
        const after = ok(await workspace.asMember.sync.pull(pullRequest("group-1", during.cookie)));

        expect(keysOf(during.patch, "put")).toEqual([`contact/${grace.id}`]);
        expect(keysOf(after.patch, "put")).toEqual([`contact/${ada.id}`]);
      } finally {
        writer.release();
      }
    },
  );

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
