import { createDatabase, type DatabaseHandle } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { pino } from "pino";
import { uuidv7 } from "uuidv7";
import { afterEach, describe, expect, test } from "vitest";

import type { ServiceContext } from "../context";
import { createInProcessNotifier, type ChangeNotice } from "../notifier";
import { callerFor, createTestWorkspace } from "../../test/harness";
import { openDevice, readPrefix, waitFor, type Device } from "../../test/sync-harness";
import { createNotifier, createPostgresNotifier, pokes, type ClosableNotifier } from "./poke";

describe("pokes", () => {
  test("pokes fold concurrent changes into one", async () => {
    const notifier = createInProcessNotifier();
    const abort = new AbortController();
    const stream = pokes(notifier, "workspace-a", abort.signal);

    const first = stream.next();
    await notifier.notify({ workspaceId: "workspace-a", contactIds: [] });
    expect((await first).value).toHaveProperty("at");

    await notifier.notify({ workspaceId: "workspace-a", contactIds: [] });
    await notifier.notify({ workspaceId: "workspace-a", contactIds: [] });
    expect((await stream.next()).done).toBe(false);
    const third = stream.next();
    abort.abort();
    expect((await third).done).toBe(true);
  });

  test("ignores other workspaces", async () => {
    const notifier = createInProcessNotifier();
    const abort = new AbortController();
    const stream = pokes(notifier, "workspace-a", abort.signal);

    const next = stream.next();
    await notifier.notify({ workspaceId: "workspace-b", contactIds: [] });
    abort.abort();

    expect((await next).done).toBe(true);
  });
});

describeEachDatabase("notifier", (getHandle, driver) => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  test("createNotifier delivers a notice to the workspace's listeners", async () => {
    const notifier = await createNotifier(getHandle());
    closing.push(() => notifier.close());
    const heard: ChangeNotice[] = [];
    notifier.subscribe("workspace-a", (notice) => heard.push(notice));

    await notifier.notify({ workspaceId: "workspace-a", contactIds: ["c1"] });

    await waitFor(() => heard.length === 1);
    expect(heard).toEqual([{ workspaceId: "workspace-a", contactIds: ["c1"] }]);
  });

  if (driver !== "postgres") return;

  /** Opens a second connection to the same database, standing in for another server process. */
  async function secondProcess(): Promise<DatabaseHandle> {
    const handle = getHandle();
    if (handle.driver !== "postgres") throw new Error("a second process needs PostgreSQL");
    const { host, port, user, database } = handle.client.options;
    const second = await createDatabase({ url: `postgres://${user}@${host[0] ?? "127.0.0.1"}:${port[0] ?? 5432}/${database}` });
    closing.push(() => second.close());
    return second;
  }

  async function listening(handle: DatabaseHandle): Promise<ClosableNotifier> {
    const notifier = await createPostgresNotifier(handle);
    closing.push(() => notifier.close());
    return notifier;
  }

  test("a notice sent by one process reaches the listeners of another", async () => {
    const sender = await listening(getHandle());
    const receiver = await listening(await secondProcess());
    const heard: ChangeNotice[] = [];
    receiver.subscribe("workspace-a", (notice) => heard.push(notice));
    const contactIds = Array.from({ length: 400 }, () => uuidv7());

    await sender.notify({ workspaceId: "workspace-a", contactIds });

    await waitFor(() => heard.flatMap((notice) => notice.contactIds).length === contactIds.length);
    expect(heard.flatMap((notice) => notice.contactIds)).toEqual(contactIds);
  });

  test("a change made through one server process pokes a device connected to another", async () => {
    const first: ServiceContext = services(getHandle(), await listening(getHandle()));
    const secondHandle = await secondProcess();
    const second: ServiceContext = services(secondHandle, await listening(secondHandle));
    const workspace = await createTestWorkspace(first);
    const device: Device = openDevice(second, { actor: () => workspace.member });
    closing.push(() => device.close());
    await waitFor(async () => (await readPrefix(device.rep, "meta/")).size === 1);

    const contact = await callerFor(first, workspace.admin).contacts.create({ name: "Made elsewhere" });

    const started = Date.now();
    await waitFor(async () => (await readPrefix(device.rep, "contact/")).has(`contact/${contact.id}`), 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

function services(handle: DatabaseHandle, notifier: ClosableNotifier): ServiceContext {
  return { db: handle.db, notifier, logger: pino({ level: "silent" }), now: () => new Date(), newId: uuidv7 };
}
