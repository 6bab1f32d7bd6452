import { DomainError, type MutatorArgs } from "@crm/domain";
import { afterEach, describe, expect, it } from "vitest";

import type { CrmReplicache } from "./create-replicache";
import {
  getContact,
  getInteraction,
  listContactMemberships,
  listFailures,
  listForCompany,
  listForContacts,
  listInvolving,
  listRecent,
} from "./feeds";
import { interactionEditBase } from "./mutators";
import { interactionToReplica, readStaffPerson, replicaKey, type ReplicaFailure } from "./replica";
import {
  NOW,
  OTHER_USER_ID,
  USER_ID,
  WORKSPACE_ID,
  contactRow,
  crmRows,
  ids,
  openReplica,
  signedInUser,
  testId,
  waitFor,
} from "./test-replica";

const opened: CrmReplicache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((rep) => rep.close()));
});

async function open(values = crmRows()) {
  const replica = await openReplica(values);
  opened.push(replica.rep);
  return replica;
}

const interactionId = testId(0xd1);
const partyIds = { grace: testId(0xf1), linus: testId(0xf2), bob: testId(0xf3), alan: testId(0xf4) };

const createArgs: MutatorArgs<"createInteraction"> = {
  interaction: {
    id: interactionId,
    contactId: ids.ada,
    type: "call",
    subject: " Kickoff ",
    occurredAt: "2026-02-01T09:00:00Z",
  },
  parties: [
    { id: partyIds.grace, rawName: "", contactId: ids.grace },
    { id: partyIds.linus, rawName: "Linus", staffPersonId: ids.linus },
    { id: partyIds.bob, rawName: "Bob" },
  ],
  now: NOW,
};

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"], field: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect(Object.keys((error as DomainError).fieldErrors ?? {})).toContain(field);
}

describe("createInteraction", () => {
  it("shows the interaction in the subject's feed at once", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada }));
    expect(page.items.map((item) => item.id)).toEqual([interactionId]);
  });

  it("shows the interaction in a party contact's feed at once", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.grace }));
    expect(page.items.map((item) => item.id)).toEqual([interactionId]);
  });

  it("snapshots the subject from replica data", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(interaction?.subjectSnapshot).toEqual({
      source: "contact",
      name: "Ada Lovelace",
      companyId: ids.acme,
      company: "Acme",
      roleInCompany: "CTO",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("snapshots a party contact from replica data", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(interaction?.parties[0]).toEqual({
      id: partyIds.grace,
      rawName: "Grace Hopper",
      contactId: ids.grace,
      staffPersonId: null,
      snapshot: {
        source: "contact",
        name: "Grace Hopper",
        companyId: ids.globex,
        company: "Globex",
        roleInCompany: "Admiral",
        capturedAt: "2026-03-01T10:15:00Z",
      },
      position: 0,
    });
  });

  it("snapshots a staff party from replica data", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(interaction?.parties[1]?.snapshot).toEqual({
      source: "staff",
      name: "Linus",
      jobTitle: "Account manager",
      employmentType: "full_time",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("owns the interaction as the signed-in user", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(interaction?.ownerUserId).toBe(USER_ID);
  });

  it("applies the domain's input rules", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(interaction?.subject).toBe("Kickoff");
  });

  it("rejects malformed arguments with a DomainError naming the field", async () => {
    const { rep } = await open();
    const args = { ...createArgs, interaction: { ...createArgs.interaction, id: "42" } };
    await expectDomainError(rep.mutate.createInteraction(args), "BAD_REQUEST", "interaction.id");
  });

  it("rejects an unknown party contact with a DomainError naming the party", async () => {
    const { rep } = await open();
    const args = {
      ...createArgs,
      parties: [{ id: partyIds.bob, rawName: "Ghost", contactId: testId(0xfff) }],
    };
    await expectDomainError(rep.mutate.createInteraction(args), "BAD_REQUEST", "parties.0.contactId");
  });

  it("rejects an unknown subject contact", async () => {
    const { rep } = await open();
    const args = { ...createArgs, interaction: { ...createArgs.interaction, contactId: testId(0xfff) } };
    await expectDomainError(rep.mutate.createInteraction(args), "BAD_REQUEST", "interaction.contactId");
  });

  it("queues nothing for a rejected mutation", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction({ ...createArgs, now: "yesterday" }).catch(() => undefined);
    expect(await rep.experimentalPendingMutations()).toEqual([]);
  });

  it("rejects an id that exists already", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    await expectDomainError(rep.mutate.createInteraction(createArgs), "CONFLICT", "interaction.id");
  });

  it("replay breaking a rule changes nothing", async () => {
    const { rep, server } = await open();
    await rep.mutate.createInteraction(createArgs);
    server.pull = () =>
      Promise.resolve({
        response: {
          cookie: { order: 2 },
          lastMutationIDChanges: {},
          patch: [
            { op: "del", key: replicaKey.contact(ids.ada) },
            {
              op: "put",
              key: replicaKey.contact(ids.alan),
              value: contactRow(ids.alan, { name: "Alan M. Turing" })[replicaKey.contact(ids.alan)]!,
            },
          ],
        },
        partial: false,
      });
    await rep.pull({ now: true });
    await waitFor(async () => (await rep.query((tx) => getContact(tx, ids.alan)))?.name === "Alan M. Turing");
    expect(await rep.query((tx) => getInteraction(tx, interactionId))).toBeNull();
  });
});

describe("updateInteraction", () => {
  async function openWithInteraction() {
    const replica = await open();
    await replica.rep.mutate.createInteraction(createArgs);
    const created = await replica.rep.query((tx) => getInteraction(tx, interactionId));
    return { ...replica, base: interactionEditBase(created!) };
  }

  it("keeps a kept party's snapshot after the contact changed", async () => {
    const { rep, base } = await openWithInteraction();
    await rep.mutate.updateContact({ id: ids.grace, changes: { name: "Grace B. Hopper" } });
    await rep.mutate.removeMembership({ id: ids.graceAtGlobex });
    await rep.mutate.updateInteraction({
      id: interactionId,
      changes: { body: "Notes" },
      parties: [
        { id: partyIds.grace, rawName: "Grace Hopper", contactId: ids.grace },
        { id: partyIds.alan, rawName: "", contactId: ids.alan },
      ],
      base,
      now: "2026-03-02T08:00:00Z",
    });
    const updated = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(updated?.parties[0]?.snapshot).toEqual({
      source: "contact",
      name: "Grace Hopper",
      companyId: ids.globex,
      company: "Globex",
      roleInCompany: "Admiral",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("keeps a kept party's id", async () => {
    const { rep, base } = await openWithInteraction();
    await rep.mutate.updateInteraction({
      id: interactionId,
      changes: {},
      parties: [{ id: partyIds.grace, rawName: "Grace Hopper", contactId: ids.grace }],
      base,
      now: "2026-03-02T08:00:00Z",
    });
    const updated = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(updated?.parties.map((party) => party.id)).toEqual([partyIds.grace]);
  });

  it("snapshots a new party as of the edit", async () => {
    const { rep, base } = await openWithInteraction();
    await rep.mutate.updateInteraction({
      id: interactionId,
      changes: {},
      parties: [{ id: partyIds.alan, rawName: "", contactId: ids.alan }],
      base,
      now: "2026-03-02T08:00:00Z",
    });
    const updated = await rep.query((tx) => getInteraction(tx, interactionId));
    expect(updated?.parties[0]?.snapshot).toEqual({
      source: "contact",
      name: "Alan Turing",
      capturedAt: "2026-03-02T08:00:00Z",
    });
  });

  it("moves the interaction to a new party's feed and out of a removed one's", async () => {
    const { rep, base } = await openWithInteraction();
    await rep.mutate.updateInteraction({
      id: interactionId,
      changes: {},
      parties: [{ id: partyIds.alan, rawName: "", contactId: ids.alan }],
      base,
      now: "2026-03-02T08:00:00Z",
    });
    const feeds = await rep.query(async (tx) => ({
      alan: (await listInvolving(tx, { contactId: ids.alan })).items.length,
      grace: (await listInvolving(tx, { contactId: ids.grace })).items.length,
    }));
    expect(feeds).toEqual({ alan: 1, grace: 0 });
  });

  it("moves the interaction in the feed when occurredAt changes", async () => {
    const { rep, base } = await openWithInteraction();
    await rep.mutate.createInteraction({
      ...createArgs,
      interaction: { id: testId(0xd2), contactId: ids.ada, occurredAt: "2026-02-10T09:00:00Z" },
      parties: [],
    });
    await rep.mutate.updateInteraction({
      id: interactionId,
      changes: { occurredAt: "2026-02-20T09:00:00Z" },
      base,
      now: "2026-03-02T08:00:00Z",
    });
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada }));
    expect(page.items.map((item) => item.id)).toEqual([interactionId, testId(0xd2)]);
  });

  it("rejects an interaction that does not exist", async () => {
    const { rep, base } = await openWithInteraction();
    const args = { id: testId(0xdd), changes: {}, base, now: NOW };
    await expectDomainError(rep.mutate.updateInteraction(args), "NOT_FOUND", "id");
  });

  it("rejects a member editing someone else's interaction", async () => {
    const foreign = interactionToReplica({
      id: testId(0xd9),
      workspaceId: WORKSPACE_ID,
      contactId: ids.ada,
      type: "note",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
      timeZone: null,
      subject: null,
      body: null,
      ownerUserId: OTHER_USER_ID,
      subjectSnapshot: { source: "contact", name: "Ada", capturedAt: "2026-01-01T00:00:00Z" },
      metadata: null,
      createdAt: new Date("2026-01-01T00:00:00Z"),
      updatedAt: new Date("2026-01-01T00:00:00Z"),
      parties: [],
      files: [],
    });
    const { rep } = await open({ ...crmRows(), [replicaKey.interaction(foreign.id)]: foreign });
    const error: unknown = await rep.mutate
      .deleteInteraction({ id: foreign.id })
      .catch((thrown: unknown) => thrown);
    expect((error as DomainError).code).toBe("FORBIDDEN");
  });
});

describe("deleteInteraction", () => {
  it("removes the interaction from every feed", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    await rep.mutate.deleteInteraction({ id: interactionId });
    const counts = await rep.query(async (tx) => [
      (await listInvolving(tx, { contactId: ids.ada })).items.length,
      (await listInvolving(tx, { contactId: ids.grace })).items.length,
      (await listForContacts(tx, { contactIds: [ids.ada] })).items.length,
      (await listForCompany(tx, { companyId: ids.acme, scope: "members" })).items.length,
      (await listForCompany(tx, { companyId: ids.globex, scope: "involving" })).items.length,
      (await listForCompany(tx, { companyId: ids.acme, scope: "asOfThen" })).items.length,
      (await listRecent(tx)).length,
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("answers not found the second time", async () => {
    const { rep } = await open();
    await rep.mutate.createInteraction(createArgs);
    await rep.mutate.deleteInteraction({ id: interactionId });
    await expectDomainError(rep.mutate.deleteInteraction({ id: interactionId }), "NOT_FOUND", "id");
  });
});

describe("contact mutators", () => {
  const newContact = testId(0x1001);

  it("creates a contact in the signed-in user's workspace", async () => {
    const { rep } = await open();
    await rep.mutate.createContact({ id: newContact, name: " Katherine ", email: "kj@example.com" });
    const contact = await rep.query((tx) => getContact(tx, newContact));
    expect([contact?.name, contact?.workspaceId]).toEqual(["Katherine", WORKSPACE_ID]);
  });

  it("rejects an email another contact has, ignoring case", async () => {
    const { rep } = await open();
    await expectDomainError(
      rep.mutate.createContact({ id: newContact, name: "Imposter", email: "ADA@example.com" }),
      "CONFLICT",
      "email",
    );
  });

  it("rejects a blank name", async () => {
    const { rep } = await open();
    await expectDomainError(rep.mutate.createContact({ id: newContact, name: "  " }), "BAD_REQUEST", "name");
  });

  it("trashes and restores the previous status", async () => {
    const { rep } = await open();
    await rep.mutate.updateContact({ id: ids.ada, changes: { status: "inactive" } });
    await rep.mutate.trashContact({ id: ids.ada });
    const trashed = await rep.query((tx) => getContact(tx, ids.ada));
    await rep.mutate.restoreContact({ id: ids.ada });
    const restored = await rep.query((tx) => getContact(tx, ids.ada));
    expect([trashed?.status, restored?.status, restored?.statusBeforeTrash]).toEqual([
      "trashed",
      "inactive",
      null,
    ]);
  });
});

describe("membership mutators", () => {
  it("makes a new primary membership the only primary one", async () => {
    const { rep } = await open();
    await rep.mutate.addMembership({
      id: testId(0xe9),
      contactId: ids.ada,
      companyId: ids.globex,
      isPrimary: true,
    });
    const memberships = await rep.query((tx) => listContactMemberships(tx, ids.ada));
    expect(memberships.map(({ membership }) => [membership.companyId, membership.isPrimary])).toEqual([
      [ids.globex, true],
      [ids.acme, false],
    ]);
  });

  it("rejects a second membership in the same company", async () => {
    const { rep } = await open();
    await expectDomainError(
      rep.mutate.addMembership({ id: testId(0xe9), contactId: ids.ada, companyId: ids.acme }),
      "CONFLICT",
      "companyId",
    );
  });
});

describe("staff mutators", () => {
  it("lets only an admin add staff", async () => {
    const { rep } = await open();
    const error: unknown = await rep.mutate
      .createStaffPerson({ id: testId(0xb9), name: "Sam" })
      .catch((thrown: unknown) => thrown);
    expect((error as DomainError).code).toBe("FORBIDDEN");
  });

  it("adds staff for an admin", async () => {
    const { rep } = await open({ ...crmRows(), "meta/user": signedInUser({ role: "admin" }) });
    await rep.mutate.createStaffPerson({ id: testId(0xb9), name: "Sam" });
    expect(await rep.query((tx) => tx.has(replicaKey.staff(testId(0xb9))))).toBe(true);
  });

  it("trashes staff, remembering the status", async () => {
    const { rep } = await open({ ...crmRows(), "meta/user": signedInUser({ role: "admin" }) });
    await rep.mutate.updateStaffPerson({ id: ids.linus, changes: { status: "inactive" } });
    await rep.mutate.trashStaffPerson({ id: ids.linus });
    const trashed = await rep.query((tx) => readStaffPerson(tx, ids.linus));
    expect(trashed?.status).toBe("trashed");
    expect(trashed?.statusBeforeTrash).toBe("inactive");
  });

  it("restores staff to the previous status", async () => {
    const { rep } = await open({ ...crmRows(), "meta/user": signedInUser({ role: "admin" }) });
    await rep.mutate.updateStaffPerson({ id: ids.linus, changes: { status: "inactive" } });
    await rep.mutate.trashStaffPerson({ id: ids.linus });
    await rep.mutate.restoreStaffPerson({ id: ids.linus });
    const restored = await rep.query((tx) => readStaffPerson(tx, ids.linus));
    expect(restored?.status).toBe("inactive");
    expect(restored?.statusBeforeTrash).toBeNull();
  });

  it("lets only an admin trash staff", async () => {
    const { rep } = await open();
    await expectForbidden(rep.mutate.trashStaffPerson({ id: ids.linus }));
    const staff = await rep.query((tx) => readStaffPerson(tx, ids.linus));
    expect(staff?.status).toBe("active");
  });

  it("lets only an admin restore staff", async () => {
    const { rep } = await open();
    await expectForbidden(rep.mutate.restoreStaffPerson({ id: ids.linus }));
  });

  it("rejects trashing unknown staff", async () => {
    const { rep } = await open({ ...crmRows(), "meta/user": signedInUser({ role: "admin" }) });
    await expectDomainError(rep.mutate.trashStaffPerson({ id: testId(0xb8) }), "NOT_FOUND", "id");
  });
});

async function expectForbidden(promise: Promise<unknown>) {
  const error: unknown = await promise.catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("FORBIDDEN");
}

describe("dismissFailure", () => {
  const failure: ReplicaFailure = {
    clientID: "client-1",
    mutationID: 7,
    name: "createInteraction",
    args: { interaction: { id: interactionId } },
    reason: "interaction.contactId: contact not found in this workspace",
    at: NOW,
  };

  it("deletes the failure record", async () => {
    const { rep } = await open({ ...crmRows(), [replicaKey.failure(7, "client-1")]: failure });
    const before = await rep.query(listFailures);
    await rep.mutate.dismissFailure({ clientID: "client-1", mutationID: 7 });
    const after = await rep.query(listFailures);
    expect([before.length, after.length]).toEqual([1, 0]);
  });

  it("rejects arguments without a mutation id", async () => {
    const { rep } = await open();
    await expectDomainError(
      rep.mutate.dismissFailure({ clientID: "client-1" } as never),
      "BAD_REQUEST",
      "mutationID",
    );
  });
});
