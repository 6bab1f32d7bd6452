import {
  contacts,
  interactions,
  queryRows,
  replicacheClients,
  replicacheMutationFailures,
  staffPersons,
  type Executor,
} from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { seedContact, seedStaffPerson, setUpInteractionsTest } from "../../test/interaction-seed";
import type { PushRequest } from "./push";

describeEachDatabase("sync.push", (getHandle, driver) => {
  function pushRequest(
    clientGroupID: string,
    mutations: readonly { id: number; name: string; args: unknown; clientID?: string }[],
  ): PushRequest {
    return {
      pushVersion: 1,
      clientGroupID,
      profileID: "profile",
      schemaVersion: "1",
      mutations: mutations.map((mutation) => ({
        clientID: mutation.clientID ?? "client-a",
        id: mutation.id,
        name: mutation.name,
        args: mutation.args as PushRequest["mutations"][number]["args"],
        timestamp: 1,
      })),
    };
  }

  function createInteractionArgs(contactId: string, extra: Record<string, unknown> = {}) {
    return { interaction: { id: uuidv7(), contactId, body: "Called about the invoice" }, now: new Date().toISOString(), ...extra };
  }

  async function lastMutationId(clientId: string): Promise<number | undefined> {
    const [row] = await getHandle()
      .db.select({ lastMutationId: replicacheClients.lastMutationId })
      .from(replicacheClients)
      .where(eq(replicacheClients.id, clientId));
    return row?.lastMutationId;
  }

  test("applies a mutation and pokes the workspace after commit", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const args = createInteractionArgs(ada.id);

    const response = await workspace.asMember.sync.push(pushRequest("group-1", [{ id: 1, name: "createInteraction", args }]));

    expect(response).toBeUndefined();
    const stored = await workspace.asMember.interactions.get({ id: args.interaction.id });
    expect(stored?.ownerUserId).toBe(workspace.member.userId);
    expect(await lastMutationId("client-a")).toBe(1);
    expect(services.notices.at(-1)).toEqual({ workspaceId: workspace.workspaceId, contactIds: [ada.id] });
  });

  test("a mutation pushed twice applies once", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const request = pushRequest("group-1", [{ id: 1, name: "createInteraction", args: createInteractionArgs(ada.id) }]);

    await workspace.asMember.sync.push(request);
    const noticesAfterFirst = services.notices.length;
    await workspace.asMember.sync.push(request);

    const rows = await services.db.select().from(interactions).where(eq(interactions.workspaceId, workspace.workspaceId));
    expect(rows).toHaveLength(1);
    expect(await lastMutationId("client-a")).toBe(1);
    expect(services.notices).toHaveLength(noticesAfterFirst);
  });

  test("a mutation from the future is an error for the whole push", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 1, name: "createContact", args: { id: uuidv7(), name: "First" } }]),
    );

    const ahead = pushRequest("group-1", [{ id: 3, name: "createContact", args: { id: uuidv7(), name: "Third" } }]);

    await expect(workspace.asMember.sync.push(ahead)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await lastMutationId("client-a")).toBe(1);
  });

  test("another user's client group is rejected", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());
    await workspace.asAdmin.sync.push(
      pushRequest("admins-group", [{ id: 1, name: "createContact", args: { id: uuidv7(), name: "Mine" } }]),
    );

    const intruding = pushRequest("admins-group", [
      { id: 1, name: "createContact", args: { id: uuidv7(), name: "Theirs" }, clientID: "client-b" },
    ]);

    await expect(workspace.asMember.sync.push(intruding)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      workspace.asMember.sync.pull({ pullVersion: 1, clientGroupID: "admins-group", cookie: null, profileID: "p", schemaVersion: "1" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("an unknown client starting past its first mutation gets ClientStateNotFound", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());

    const response = await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 2, name: "createContact", args: { id: uuidv7(), name: "Lost" } }]),
    );

    expect(response).toEqual({ error: "ClientStateNotFound" });
  });

  test("an unsupported push version is reported", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());

    const response = await workspace.asMember.sync.push({ ...pushRequest("group-1", []), pushVersion: 0 });

    expect(response).toEqual({ error: "VersionNotSupported", versionType: "push" });
  });

  test("a broken rule is recorded with its reason and the queue goes on", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());

    const response = await workspace.asMember.sync.push(
      pushRequest("group-1", [
        { id: 1, name: "createContact", args: { id: uuidv7(), name: "  " } },
        { id: 2, name: "noSuchMutator", args: {} },
        { id: 3, name: "createContact", args: { id: uuidv7(), name: "Kept" } },
      ]),
    );

    expect(response).toBeUndefined();
    const failures = await services.db.select().from(replicacheMutationFailures);
    expect(failures.map((failure) => [failure.mutationId, failure.mutatorName])).toEqual([
      [1, "createContact"],
      [2, "noSuchMutator"],
    ]);
    expect(failures[0]?.reason).toBe("name: is required");
    expect(failures[1]?.reason).toMatch(/mutator "noSuchMutator" is unknown/);
    expect(failures[0]?.args).toMatchObject({ name: "  " });
    const stored = await services.db.select().from(contacts).where(eq(contacts.workspaceId, workspace.workspaceId));
    expect(stored.map((row) => row.name).sort()).toEqual(["Ada Lovelace", "Kept"]);
    expect(await lastMutationId("client-a")).toBe(3);
  });

  test("a broken rule leaves none of the mutator's writes behind", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    // The interaction row is written before its files are checked; the unknown file fails the mutation.
    const args = createInteractionArgs(ada.id, { fileIds: [uuidv7()] });

    await workspace.asMember.sync.push(pushRequest("group-1", [{ id: 1, name: "createInteraction", args }]));

    const rows = await services.db.select().from(interactions).where(eq(interactions.workspaceId, workspace.workspaceId));
    expect(rows).toEqual([]);
    const [failure] = await services.db.select().from(replicacheMutationFailures);
    expect(failure?.reason).toMatch(/fileIds/);
    expect(await lastMutationId("client-a")).toBe(1);
  });

  test("a database conflict becomes a failure", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());
    await seedContact(services.db, workspace.workspaceId, { name: "Grace", email: "grace@example.com" });

    await workspace.asMember.sync.push(
      pushRequest("group-1", [
        { id: 1, name: "createContact", args: { id: uuidv7(), name: "Grace again", email: "GRACE@example.com" } },
        { id: 2, name: "createContact", args: { id: uuidv7(), name: "Someone else" } },
      ]),
    );

    const [failure] = await services.db.select().from(replicacheMutationFailures);
    expect(failure?.reason).toMatch(/^email: /);
    const names = (await services.db.select().from(contacts)).map((row) => row.name).sort();
    expect(names).toEqual(["Ada Lovelace", "Grace", "Someone else"]);
  });

  test("an admin trashes and restores staff", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());
    const sam = await seedStaffPerson(services.db, workspace.workspaceId, { status: "inactive" });
    const stored = async () => (await services.db.select().from(staffPersons).where(eq(staffPersons.id, sam.id)))[0];

    await workspace.asAdmin.sync.push(pushRequest("group-1", [{ id: 1, name: "trashStaffPerson", args: { id: sam.id } }]));
    const trashed = await stored();
    await workspace.asAdmin.sync.push(pushRequest("group-1", [{ id: 2, name: "restoreStaffPerson", args: { id: sam.id } }]));
    const restored = await stored();

    expect(trashed?.status).toBe("trashed");
    expect(trashed?.statusBeforeTrash).toBe("inactive");
    expect(restored?.status).toBe("inactive");
    expect(await services.db.select().from(replicacheMutationFailures)).toEqual([]);
  });

  test("a member trashing staff becomes a failure", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());
    const sam = await seedStaffPerson(services.db, workspace.workspaceId);

    const response = await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 1, name: "trashStaffPerson", args: { id: sam.id } }]),
    );

    expect(response).toBeUndefined();
    const [failure] = await services.db.select().from(replicacheMutationFailures);
    expect(failure?.mutatorName).toBe("trashStaffPerson");
    const [row] = await services.db.select().from(staffPersons).where(eq(staffPersons.id, sam.id));
    expect(row?.status).toBe("active");
    expect(await lastMutationId("client-a")).toBe(1);
  });

  test("dismissFailure deletes the failure entry", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 1, name: "createContact", args: { id: uuidv7(), name: "  " } }]),
    );
    const before = await services.db.select().from(replicacheMutationFailures);

    await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 2, name: "dismissFailure", args: { clientID: "client-a", mutationID: 1 } }]),
    );

    expect(before).toHaveLength(1);
    expect(await services.db.select().from(replicacheMutationFailures)).toEqual([]);
  });

  test("dismissFailure with bad arguments becomes a failure", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());

    await workspace.asMember.sync.push(
      pushRequest("group-1", [{ id: 1, name: "dismissFailure", args: { clientID: "client-a" } }]),
    );

    const [failure] = await services.db.select().from(replicacheMutationFailures);
    expect(failure?.reason).toBe("mutationID: must be a number");
  });

  test("concurrent pushes editing one interaction both apply", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const created = await workspace.asAdmin.interactions.create({ interaction: { contactId: ada.id, body: "draft" } });
    const base = {
      type: created.type,
      occurredAt: created.occurredAt.toISOString(),
      timeZone: null,
      subject: null,
      body: "draft",
      metadata: null,
      parties: [],
    };
    const edit = (group: string, changes: Record<string, string>) =>
      workspace.asAdmin.sync.push(
        pushRequest(group, [
          { id: 1, name: "updateInteraction", args: { id: created.id, changes, base, now: new Date().toISOString() }, clientID: group },
        ]),
      );

    await Promise.all([edit("group-1", { subject: "Renewal" }), edit("group-2", { body: "signed" })]);

    const stored = await workspace.asAdmin.interactions.get({ id: created.id });
    expect(stored?.subject).toBe("Renewal");
    expect(stored?.body).toBe("signed");
  });

  test.skipIf(driver === "pglite")("serialization failure inside a service retried", async () => {
    const handle = getHandle();
    if (handle.driver !== "postgres") throw new Error("this test holds a second connection open");
    const { services, workspace, ada } = await setUpInteractionsTest(handle);
    const push = (id: number, changes: Record<string, string>) =>
      workspace.asMember.sync.push(pushRequest("group-1", [{ id, name: "updateContact", args: { id: ada.id, changes } }]));
    await push(1, { phone: "555-0100" });

    // An uncommitted edit of the same contact locks its row, so the push's update waits and then fails to serialize.
    const writer = await handle.client.reserve();
    let pushed: ReturnType<typeof push> | undefined;
    try {
      await writer`begin`;
      await writer`update contacts set name = 'Ada King' where id = ${ada.id}`;
      pushed = push(2, { notes: "Prefers email" });
      await waitForLockWait(handle.db, "contacts");
      await writer`commit`;
    } finally {
      writer.release();
    }

    expect(await pushed).toBeUndefined();
    const [stored] = await services.db.select().from(contacts).where(eq(contacts.id, ada.id));
    expect(stored?.name).toBe("Ada King");
    expect(stored?.notes).toBe("Prefers email");
    expect(await services.db.select().from(replicacheMutationFailures)).toEqual([]);
    expect(await lastMutationId("client-a")).toBe(2);
  });
});

/** Waits until a statement updating `table` is waiting for a row lock. */
async function waitForLockWait(db: Executor, table: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const waiting = await queryRows<{ pid: number }>(
      db,
      sql`select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like ${`update "${table}"%`}`,
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No update of ${table} waited for a row lock within 5 seconds; the test cannot force the conflict.`);
}
