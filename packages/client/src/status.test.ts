import type { PendingMutation } from "replicache";
import { afterEach, describe, expect, it } from "vitest";

import { syncStatusOf, type CrmReplicache } from "./create-replicache";
import { createSyncStatus, PENDING_REFRESH_DELAY_MS, pendingInteractionId, type StatusSource } from "./status";
import { NOW, crmRows, ids, openReplica, testId, waitFor } from "./test-replica";

const opened: CrmReplicache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((rep) => rep.close()));
});

async function open() {
  const replica = await openReplica(crmRows());
  opened.push(replica.rep);
  return replica;
}

const interactionId = testId(0xd1);
const create = (rep: CrmReplicache) =>
  rep.mutate.createInteraction({ interaction: { id: interactionId, contactId: ids.ada }, now: NOW });

describe("sync status", () => {
  it("is online after the first pull", async () => {
    const { rep } = await open();
    expect(syncStatusOf(rep).getSnapshot().online).toBe(true);
  });

  it("records when sync last succeeded", async () => {
    const { rep } = await open();
    expect(syncStatusOf(rep).getSnapshot().lastSyncedAt).toBeInstanceOf(Date);
  });

  it("goes offline when a push gets no answer", async () => {
    const { rep } = await open();
    await create(rep);
    await waitFor(() => !syncStatusOf(rep).getSnapshot().online);
    expect(syncStatusOf(rep).getSnapshot().lastError).toBe("fetch failed");
  });

  it("stays online when the server answers with an error", async () => {
    const { rep, server } = await open();
    server.push = () =>
      Promise.reject(Object.assign(new Error("Sign in to continue."), { data: { httpStatus: 401 } }));
    await create(rep);
    await waitFor(() => syncStatusOf(rep).getSnapshot().lastError !== null);
    expect(syncStatusOf(rep).getSnapshot().online).toBe(true);
  });

  it("counts pending mutations", async () => {
    const { rep } = await open();
    await create(rep);
    await rep.mutate.createContact({ id: testId(0x1001), name: "Katherine" });
    await waitFor(() => syncStatusOf(rep).getSnapshot().pendingCount === 2);
    expect(syncStatusOf(rep).getSnapshot().pendingCount).toBe(2);
  });

  it("names interactions with pending mutations", async () => {
    const { rep } = await open();
    await create(rep);
    await waitFor(() => syncStatusOf(rep).getSnapshot().pendingCount === 1);
    expect([...syncStatusOf(rep).getSnapshot().pendingInteractionIds]).toEqual([interactionId]);
  });

  it("clears pending mutations the server confirmed", async () => {
    const { rep, server } = await open();
    await create(rep);
    await waitFor(() => syncStatusOf(rep).getSnapshot().pendingCount === 1);
    const [pending] = await rep.experimentalPendingMutations();
    server.pull = () =>
      Promise.resolve({
        response: { cookie: { order: 2 }, lastMutationIDChanges: { [rep.clientID]: pending!.id }, patch: [] },
        partial: false,
      });
    await rep.pull({ now: true });
    await waitFor(() => syncStatusOf(rep).getSnapshot().pendingCount === 0);
    expect(syncStatusOf(rep).getSnapshot().pendingInteractionIds.size).toBe(0);
  });

  it("tells subscribers about changes", async () => {
    const { rep } = await open();
    let calls = 0;
    syncStatusOf(rep).subscribe(() => {
      calls += 1;
    });
    await create(rep);
    await waitFor(() => calls > 0);
    expect(calls).toBeGreaterThan(0);
  });
});

describe("sync status over a burst of changes", () => {
  it("reads the pending list twice per burst", async () => {
    let reads = 0;
    let pending: PendingMutation[] = [];
    let onChange: () => void = () => undefined;
    const source: StatusSource = {
      experimentalPendingMutations: () => {
        reads += 1;
        return Promise.resolve(pending);
      },
      experimentalWatch: ((callback: () => void) => {
        onChange = callback;
        return () => undefined;
      }) as StatusSource["experimentalWatch"],
      onSync: null,
    };
    const status = createSyncStatus();
    const disconnect = status.connect(source);
    await waitFor(() => reads === 1);

    pending = Array.from({ length: 50 }, (_, index) => ({
      id: index + 1,
      name: "createContact",
      args: { id: testId(0x2000 + index) },
      clientID: "client",
    }));
    for (let change = 0; change < 50; change += 1) onChange();
    const readsRightAfter = reads;
    await waitFor(() => status.store.getSnapshot().pendingCount === 50);
    await new Promise((resolve) => setTimeout(resolve, PENDING_REFRESH_DELAY_MS * 3));
    disconnect();

    // The connect read, the burst's first change at once, and the rest at the interval's end.
    expect(readsRightAfter).toBe(2);
    expect(reads).toBe(3);
  });
});

describe("pendingInteractionId", () => {
  it("reads a created interaction's id", () => {
    const args = { interaction: { id: interactionId.toUpperCase() } };
    expect(pendingInteractionId({ name: "createInteraction", args })).toBe(interactionId);
  });

  it("reads an updated interaction's id", () => {
    expect(pendingInteractionId({ name: "updateInteraction", args: { id: interactionId } })).toBe(
      interactionId,
    );
  });

  it("ignores mutations of other rows", () => {
    expect(pendingInteractionId({ name: "updateContact", args: { id: interactionId } })).toBeUndefined();
  });
});
