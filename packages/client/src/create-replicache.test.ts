import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import {
  REPLICA_SCHEMA_VERSION,
  createReplicache,
  subscribeToPokes,
  type CrmReplicache,
} from "./create-replicache";
import { replicaKey } from "./replica";
import { USER_ID, contactRow, fakeSyncServer, openReplica, testId, waitFor } from "./test-replica";

/** The push request of the sync contract (Replicache's PushRequestV1), nothing more. */
const pushRequestV1 = z.strictObject({
  pushVersion: z.literal(1),
  clientGroupID: z.string().min(1),
  mutations: z.array(
    z.strictObject({
      clientID: z.string().min(1),
      id: z.number().int().min(1),
      name: z.string(),
      args: z.json(),
      timestamp: z.number(),
    }),
  ),
  profileID: z.string().min(1),
  schemaVersion: z.literal(REPLICA_SCHEMA_VERSION),
});

const opened: CrmReplicache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((rep) => rep.close()));
});

async function open(...args: Parameters<typeof openReplica>) {
  const replica = await openReplica(...args);
  opened.push(replica.rep);
  return replica;
}

const contactArgs = (n: number) => ({ id: testId(0x1000 + n), name: `Contact ${n}` });

describe("pusher", () => {
  it("sends requests that match PushRequestV1", async () => {
    const { rep, server } = await open();
    server.push = () => Promise.resolve(undefined);
    await rep.mutate.createContact(contactArgs(1));
    await waitFor(() => server.pushes.length > 0);
    expect(server.pushes.map((request) => pushRequestV1.safeParse(request).error)).toEqual(
      server.pushes.map(() => undefined),
    );
  });

  it("sends mutations in the order they were made", async () => {
    const { rep, server } = await open();
    server.push = () => Promise.resolve(undefined);
    for (let n = 1; n <= 5; n++) await rep.mutate.createContact(contactArgs(n));
    await waitFor(
      () => new Set(server.pushes.flatMap((request) => request.mutations.map((m) => m.id))).size === 5,
    );
    const sent = server.pushes.flatMap((request) => request.mutations.map((mutation) => mutation.args));
    const firstSeen = [...new Map(sent.map((args) => [JSON.stringify(args), args])).values()];
    expect(firstSeen).toEqual([1, 2, 3, 4, 5].map(contactArgs));
  });

  it("numbers the mutations of each request in ascending order", async () => {
    const { rep, server } = await open();
    server.push = () => Promise.resolve(undefined);
    for (let n = 1; n <= 3; n++) await rep.mutate.createContact(contactArgs(n));
    await waitFor(() => server.pushes.some((request) => request.mutations.length === 3));
    const ids = server.pushes.map((request) => request.mutations.map((mutation) => mutation.id));
    expect(ids.every((list) => list.every((id, index) => index === 0 || id > list[index - 1]!))).toBe(true);
  });

  it("keeps 200 mutations made offline pending, in order", async () => {
    const { rep, server } = await open();
    for (let n = 1; n <= 200; n++) await rep.mutate.createContact(contactArgs(n));
    await waitFor(() => server.pushes.length > 0);
    const pending = await rep.experimentalPendingMutations();
    expect(pending.map((mutation) => mutation.args)).toEqual(
      Array.from({ length: 200 }, (_, index) => contactArgs(index + 1)),
    );
  });

  it("numbers offline mutations without gaps", async () => {
    const { rep } = await open();
    for (let n = 1; n <= 20; n++) await rep.mutate.createContact(contactArgs(n));
    const ids = (await rep.experimentalPendingMutations()).map((mutation) => mutation.id);
    expect(ids).toEqual(ids.map((_, index) => ids[0]! + index));
  });
});

describe("puller", () => {
  it("pulls again at once when the answer is partial", async () => {
    const server = fakeSyncServer();
    const answers = [
      { cookie: { order: 1 }, patch: contactRow(testId(0xa1), { name: "First" }), partial: true },
      { cookie: { order: 2 }, patch: contactRow(testId(0xa2), { name: "Second" }), partial: false },
    ];
    server.pull = () => {
      const answer = answers.shift() ?? { cookie: { order: 2 }, patch: {}, partial: false };
      const patch = Object.entries(answer.patch).map(([key, value]) => ({ op: "put", key, value }));
      return Promise.resolve({
        response: { cookie: answer.cookie, lastMutationIDChanges: {}, patch },
        partial: answer.partial,
      });
    };
    const rep = createReplicache({
      name: "partial",
      trpc: server,
      userId: USER_ID,
      kvStore: "mem",
      pullInterval: null,
      logLevel: "error",
    });
    opened.push(rep);

    await waitFor(() => rep.query((tx) => tx.has(replicaKey.contact(testId(0xa2)))));
    expect(server.pulls[1]?.cookie).toEqual({ order: 1 });
  });

  it("stores nothing from an answer outside the contract", async () => {
    const { rep, server } = await open();
    const broken = contactRow(testId(0xa3), { status: "gone" as never });
    server.pull = () =>
      Promise.resolve({
        response: {
          cookie: { order: 2 },
          lastMutationIDChanges: {},
          patch: Object.entries(broken).map(([key, value]) => ({ op: "put", key, value })),
        },
        partial: false,
      });
    const before = server.pulls.length;
    await rep.pull({ now: true }).catch(() => undefined);
    await waitFor(() => server.pulls.length > before);
    expect(await rep.query((tx) => tx.has(replicaKey.contact(testId(0xa3))))).toBe(false);
  });
});

describe("subscribeToPokes", () => {
  it("pulls on each poke", async () => {
    const { rep, server } = await open();
    subscribeToPokes(rep, server);
    const before = server.pulls.length;
    server.pokeHandlers[0]?.onData({ at: 1 });
    await waitFor(() => server.pulls.length > before);
    expect(server.pulls.length).toBeGreaterThan(before);
  });

  it("stops listening when unsubscribed", async () => {
    const { rep, server } = await open();
    const unsubscribe = subscribeToPokes(rep, server);
    unsubscribe();
    expect(server.pokeHandlers).toEqual([]);
  });
});
