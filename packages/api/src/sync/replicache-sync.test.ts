import { contacts, users } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import type { MutatorArgs } from "@crm/domain";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterEach, expect, test } from "vitest";

import type { Actor } from "../context";
import { callerFor, createTestWorkspace } from "../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../test/interaction-seed";
import {
  interactionEditBase,
  interactionFromReplica,
  openDevice,
  readKey,
  readPrefix,
  replicaKey,
  waitFor,
  type Device,
  type ReplicaFailure,
  type ReplicaInteraction,
} from "../../test/sync-harness";

describeEachDatabase("replicache sync", (getHandle) => {
  // Registered after the suite's own hook, so devices close before the tables are emptied.
  const opened: Device[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((device) => device.close()));
  });

  async function setUp() {
    const context = await setUpInteractionsTest(getHandle());
    const { services } = context;
    const open = (actor: () => Actor) => {
      const device = openDevice(services, { actor });
      opened.push(device);
      return device;
    };
    return { ...context, open };
  }

  /** Waits for the first pull: the signed-in user is the first key the server sends. */
  async function synced(device: Device): Promise<Device> {
    await waitFor(async () => (await readKey(device.rep, "meta/user")) !== undefined);
    return device;
  }

  function createArgs(contactId: string, body: string): MutatorArgs<"createInteraction"> {
    return {
      interaction: { id: uuidv7(), contactId, type: "call", body },
      now: new Date().toISOString(),
    };
  }

  async function interactionOn(device: Device, id: string): Promise<ReplicaInteraction | undefined> {
    return (await readKey(device.rep, replicaKey.interaction(id))) as ReplicaInteraction | undefined;
  }

  test("an optimistic create shows at once and is confirmed with the server's snapshot", async () => {
    const { services, workspace, ada, open } = await setUp();
    const engines = await seedCompany(services.db, workspace.workspaceId, { name: "Analytical Engines" });
    await seedMembership(services.db, ada, engines, { roleInCompany: "Countess" });
    const device = await synced(open(() => workspace.member));

    device.network.online = false;
    await services.db.update(contacts).set({ name: "Ada King" }).where(eq(contacts.id, ada.id));
    const args = createArgs(ada.id, "Talked about the engine");
    await device.rep.mutate.createInteraction(args);
    const optimistic = await interactionOn(device, args.interaction.id);
    expect(optimistic?.body).toBe("Talked about the engine");
    expect(optimistic?.version).toBeUndefined();
    expect(optimistic?.subjectSnapshot.name).toBe("Ada Lovelace");

    device.network.online = true;
    await device.rep.push({ now: true });
    await waitFor(async () => (await interactionOn(device, args.interaction.id))?.version !== undefined);
    const confirmed = await interactionOn(device, args.interaction.id);
    expect(confirmed?.subjectSnapshot.name).toBe("Ada King");
    expect(confirmed?.subjectSnapshot.company).toBe("Analytical Engines");
    expect(confirmed?.ownerUserId).toBe(workspace.member.userId);
    expect(confirmed?.companyKeys).toHaveLength(1);
    expect(await device.rep.experimentalPendingMutations()).toEqual([]);
  });

  test("two devices converge", async () => {
    const { workspace, ada, open } = await setUp();
    const first = await synced(open(() => workspace.member));
    const second = await synced(open(() => workspace.admin));

    const args = createArgs(ada.id, "first draft");
    await first.rep.mutate.createInteraction(args);
    await waitFor(async () => (await interactionOn(second, args.interaction.id))?.version !== undefined);
    const seen = await interactionOn(second, args.interaction.id);
    if (!seen) throw new Error("the second device never received the interaction");
    await second.rep.mutate.updateInteraction({
      id: seen.id,
      changes: { subject: "Follow-up" },
      base: interactionEditBase(interactionFromReplica(seen)),
      now: new Date().toISOString(),
    });

    await waitFor(async () => (await interactionOn(first, args.interaction.id))?.subject === "Follow-up");
    await waitFor(async () => (await second.rep.experimentalPendingMutations()).length === 0);
    await first.rep.pull({ now: true });
    await second.rep.pull({ now: true });
    await waitFor(async () => {
      const [a, b] = await Promise.all([readPrefix(first.rep, "interaction/"), readPrefix(second.rep, "interaction/")]);
      return JSON.stringify([...a]) === JSON.stringify([...b]);
    });
    expect(await readPrefix(first.rep, "contact/")).toEqual(await readPrefix(second.rep, "contact/"));
  });

  test("200 mutations made offline apply in order once the server is back", async () => {
    const { services, workspace, open } = await setUp();
    const device = await synced(open(() => workspace.member));
    device.network.online = false;

    const ids = Array.from({ length: 100 }, () => uuidv7());
    for (const [index, id] of ids.entries()) {
      await device.rep.mutate.createContact({ id, name: `Contact ${index}` });
      await device.rep.mutate.updateContact({ id, changes: { name: `Renamed ${index}` } });
    }
    expect(await device.rep.experimentalPendingMutations()).toHaveLength(200);

    device.network.online = true;
    await device.rep.push({ now: true });
    await waitFor(async () => (await device.rep.experimentalPendingMutations()).length === 0, 30_000);

    const stored = await services.db.select().from(contacts).where(eq(contacts.workspaceId, workspace.workspaceId));
    const names = new Map(stored.map((row) => [row.id, row.name]));
    expect(ids.map((id) => names.get(id))).toEqual(ids.map((_, index) => `Renamed ${index}`));
    expect(await readPrefix(device.rep, "failure/")).toEqual(new Map());
  });

  test("rejected mutation reported, queue continues", async () => {
    const { services, workspace, ada, open } = await setUp();
    const owned = await workspace.asAdmin.interactions.create({ interaction: { contactId: ada.id, body: "mine" } });
    // The member was an admin when the device last synced, and is demoted while it is offline.
    let actor: Actor = { ...workspace.member, role: "admin" };
    await services.db.update(users).set({ role: "admin" }).where(eq(users.id, actor.userId));
    const device = await synced(open(() => actor));
    await waitFor(async () => (await interactionOn(device, owned.id)) !== undefined);

    device.network.online = false;
    await services.db.update(users).set({ role: "member" }).where(eq(users.id, actor.userId));
    actor = workspace.member;
    await device.rep.mutate.deleteInteraction({ id: owned.id });
    const contactId = uuidv7();
    await device.rep.mutate.createContact({ id: contactId, name: "After the rejection" });
    expect(await interactionOn(device, owned.id)).toBeUndefined();

    device.network.online = true;
    await device.rep.push({ now: true });
    await waitFor(async () => (await readPrefix(device.rep, "failure/")).size > 0);
    const [failure] = [...(await readPrefix(device.rep, "failure/")).values()] as ReplicaFailure[];
    expect(failure?.name).toBe("deleteInteraction");
    expect(failure?.reason).toMatch(/only the user who logged this interaction or an admin/);
    expect(failure?.args).toEqual({ id: owned.id });
    await waitFor(async () => (await interactionOn(device, owned.id)) !== undefined);
    expect(await readKey(device.rep, replicaKey.contact(contactId))).toMatchObject({ name: "After the rejection" });
    expect(await callerFor(services, workspace.admin).interactions.get({ id: owned.id })).not.toBeNull();

    await device.rep.mutate.dismissFailure({ clientID: failure!.clientID, mutationID: failure!.mutationID });
    await waitFor(async () => (await device.rep.experimentalPendingMutations()).length === 0);
    await device.rep.pull({ now: true });
    expect(await readPrefix(device.rep, "failure/")).toEqual(new Map());
  });

  test("an offline body edit and a concurrent online party addition both survive", async () => {
    const { services, workspace, ada, open } = await setUp();
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const created = await workspace.asAdmin.interactions.create({ interaction: { contactId: ada.id, body: "draft" } });
    const device = await synced(open(() => workspace.admin));
    await waitFor(async () => (await interactionOn(device, created.id)) !== undefined);

    device.network.online = false;
    const stored = await interactionOn(device, created.id);
    await device.rep.mutate.updateInteraction({
      id: created.id,
      changes: { body: "written offline" },
      base: interactionEditBase(interactionFromReplica(stored!)),
      now: new Date().toISOString(),
    });
    await workspace.asAdmin.interactions.update({
      id: created.id,
      changes: {},
      parties: [{ rawName: "Grace Hopper", contactId: grace.id }],
    });

    device.network.online = true;
    await device.rep.push({ now: true });
    await waitFor(async () => (await device.rep.experimentalPendingMutations()).length === 0);
    const server = await workspace.asAdmin.interactions.get({ id: created.id });
    expect(server?.body).toBe("written offline");
    expect(server?.parties.map((party) => party.contactId)).toEqual([grace.id]);
    await waitFor(async () => (await interactionOn(device, created.id))?.parties.length === 1);
    expect((await interactionOn(device, created.id))?.body).toBe("written offline");
  });

  test("deletes propagate to other devices", async () => {
    const { workspace, ada, open } = await setUp();
    const owner = await synced(open(() => workspace.member));
    const other = await synced(open(() => workspace.admin));
    const args = createArgs(ada.id, "short-lived");
    await owner.rep.mutate.createInteraction(args);
    await waitFor(async () => (await interactionOn(other, args.interaction.id)) !== undefined);

    await owner.rep.mutate.deleteInteraction({ id: args.interaction.id });
    await waitFor(async () => (await interactionOn(other, args.interaction.id)) === undefined);
    expect(await workspace.asAdmin.interactions.get({ id: args.interaction.id })).toBeNull();
  });

  test("a device of another workspace receives nothing of this one", async () => {
    const { services, workspace, ada, open } = await setUp();
    await workspace.asAdmin.interactions.create({ interaction: { contactId: ada.id, body: "Acme only" } });
    const globex = await createTestWorkspace(services, "Globex");
    const device = await synced(open(() => globex.admin));

    const everything = await readPrefix(device.rep, "");
    expect([...everything.keys()]).toEqual(["meta/user"]);
    expect(JSON.stringify([...everything.values()])).not.toContain(workspace.workspaceId);
  });
});
