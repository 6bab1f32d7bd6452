import { activityEntries, files, interactionParties, interactions } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { count, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../../test/error-shape";
import { createTestWorkspace } from "../../../test/harness";
import {
  seedCompany,
  seedContact,
  seedMembership,
  seedStaffPerson,
  setUpInteractionsTest,
} from "../../../test/interaction-seed";
import type { Executor } from "@crm/db";
import { stageFile } from "../files";
import { createInteraction } from ".";

const MARCH_FIRST = new Date("2026-03-01T10:15:30.123Z");

describeEachDatabase("createInteraction", (getHandle) => {
  test("create anchors to its subject", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, type: "call", subject: "  Kickoff  ", body: "Line one\nLine two" },
    });

    expect(created.contactId).toBe(ada.id);
    expect(created.type).toBe("call");
    expect(created.subject).toBe("Kickoff");
    expect(created.body).toBe("Line one\nLine two");
    expect(created.ownerUserId).toBe(workspace.member.userId);
    expect(created.subjectSnapshot).toMatchObject({ source: "contact", name: "Ada Lovelace" });
    expect(created.parties).toEqual([]);
    expect(created.files).toEqual([]);
    const fetched = await workspace.asMember.interactions.get({ id: created.id });
    expect(fetched).toEqual(created);
  });

  test("create defaults type and occurredAt", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle(), { now: () => MARCH_FIRST });

    const created = await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });

    expect(created.type).toBe("note");
    expect(created.occurredAt).toEqual(MARCH_FIRST);
    expect(created.createdAt).toEqual(MARCH_FIRST);
  });

  test("create missing contactId and bad type", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        // @ts-expect-error -- a client that sends no contactId and an unknown type
        interaction: { type: "fax" },
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {}).sort()).toEqual(["interaction.contactId", "interaction.type"]);
  });

  test("create with unknown contact", async () => {
    const { workspace } = await setUpInteractionsTest(getHandle());

    const error = await clientErrorOf(workspace.asMember.interactions.create({ interaction: { contactId: uuidv7() } }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.fieldErrors?.["interaction.contactId"]).toEqual(["contact not found in this workspace"]);
  });

  test("create with unparsable occurredAt", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({ interaction: { contactId: ada.id, occurredAt: new Date("nope") } }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["interaction.occurredAt"]);
  });

  test("resolved party gets frozen snapshot", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle(), { now: () => MARCH_FIRST });
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const navy = await seedCompany(services.db, workspace.workspaceId, { name: "US Navy" });
    await seedMembership(services.db, grace, navy, { roleInCompany: "Rear Admiral", department: "Computing" });
    const sam = await seedStaffPerson(services.db, workspace.workspaceId, {
      name: "Sam Staff",
      jobTitle: "Account manager",
      employmentType: "full_time",
    });

    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [
        { rawName: "", contactId: grace.id },
        { rawName: "Sam", staffPersonId: sam.id },
        { rawName: "  Someone from legal " },
      ],
    });

    expect(created.parties.map((party) => party.position)).toEqual([0, 1, 2]);
    expect(created.parties[0]).toMatchObject({ rawName: "Grace Hopper", contactId: grace.id, staffPersonId: null });
    expect(created.parties[0]?.snapshot).toEqual({
      source: "contact",
      name: "Grace Hopper",
      companyId: navy.id,
      company: "US Navy",
      roleInCompany: "Rear Admiral",
      department: "Computing",
      capturedAt: "2026-03-01T10:15:30Z",
    });
    expect(created.parties[1]?.snapshot).toEqual({
      source: "staff",
      name: "Sam Staff",
      jobTitle: "Account manager",
      employmentType: "full_time",
      capturedAt: "2026-03-01T10:15:30Z",
    });
    expect(created.parties[2]).toMatchObject({ rawName: "Someone from legal", contactId: null });
    expect(created.parties[2]?.snapshot).toEqual({ source: "free_text", capturedAt: "2026-03-01T10:15:30Z" });
  });

  test("blank, subject and duplicate parties dropped", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });

    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [
        { rawName: "   " },
        { rawName: "Ada", contactId: ada.id },
        { rawName: "Grace", contactId: grace.id },
        { rawName: "Grace again", contactId: grace.id },
        { rawName: "Bob" },
        { rawName: " bob " },
      ],
    });

    expect(created.parties.map((party) => party.rawName)).toEqual(["Grace", "Bob"]);
    expect(created.parties.map((party) => party.position)).toEqual([0, 1]);
  });

  test("one bad party writes nothing", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const before = await rowCounts(services.db);

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        interaction: { contactId: ada.id },
        parties: [{ rawName: "Grace", contactId: grace.id }, { rawName: "Ghost", contactId: uuidv7() }, { rawName: "Bob" }],
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["parties.1.contactId"]);
    expect(await rowCounts(services.db)).toEqual(before);
    expect(services.notices).toEqual([]);
  });

  test("party with both references", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId);
    const sam = await seedStaffPerson(services.db, workspace.workspaceId);

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        interaction: { contactId: ada.id },
        parties: [{ rawName: "Both", contactId: grace.id, staffPersonId: sam.id }],
      }),
    );

    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["parties.0.staffPersonId"]);
  });

  test("client id is kept", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const id = uuidv7();

    const created = await workspace.asMember.interactions.create({ interaction: { id, contactId: ada.id } });

    expect(created.id).toBe(id);
  });

  test("malformed client id", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({ interaction: { id: "not-a-uuid", contactId: ada.id } }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["interaction.id"]);
  });

  test("existing client id conflicts", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const other = await createTestWorkspace(services, "Globex");
    const otherContact = await seedContact(services.db, other.workspaceId);
    const id = uuidv7();
    await other.asMember.interactions.create({ interaction: { id, contactId: otherContact.id } });

    const error = await clientErrorOf(workspace.asMember.interactions.create({ interaction: { id, contactId: ada.id } }));

    expect(error.data.code).toBe("CONFLICT");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["interaction.id"]);
  });

  test("existing party id conflicts", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const first = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [{ rawName: "Bob" }],
    });

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        interaction: { contactId: ada.id },
        parties: [{ rawName: "Carol" }, { id: first.parties[0]!.id, rawName: "Dan" }],
      }),
    );

    expect(error.data.code).toBe("CONFLICT");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["parties.1.id"]);
  });

  test("taken interaction id reported first", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const first = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [{ rawName: "Bob" }],
    });

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        interaction: { id: first.id.toUpperCase(), contactId: ada.id },
        parties: [{ id: first.parties[0]!.id.toUpperCase(), rawName: "Dan" }],
      }),
    );

    expect(error.data.code).toBe("CONFLICT");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["interaction.id"]);
  });

  test("owner comes from actor", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const created = await workspace.asAdmin.interactions.create({
      // @ts-expect-error -- ownerUserId is not part of the input
      interaction: { contactId: ada.id, ownerUserId: workspace.member.userId },
    });

    expect(created.ownerUserId).toBe(workspace.admin.userId);
  });

  test("create logs activity without body", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });

    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, type: "meeting", subject: "Review", body: "secret body" },
      parties: [{ rawName: "Grace", contactId: grace.id }],
    });

    const entries = await services.db.select().from(activityEntries);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "interaction.logged",
      actorUserId: workspace.member.userId,
      resourceType: "contact",
      resourceId: ada.id,
    });
    expect(entries[0]?.metadata).toEqual({
      interactionId: created.id,
      type: "meeting",
      subject: "Review",
      changedFields: [],
      partiesAdded: [{ identity: `contact:${grace.id}`, rawName: "Grace" }],
      partiesRemoved: [],
    });
    expect(JSON.stringify(entries[0]?.metadata)).not.toContain("secret body");
  });

  test("create notifies after commit", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    let storedWhenNotified: number | undefined;
    const unsubscribe = services.notifier.subscribe(workspace.workspaceId, () => {
      void countRows(services.db).then((total) => (storedWhenNotified = total));
    });

    await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [{ rawName: "Grace", contactId: grace.id }, { rawName: "Free text" }],
    });
    unsubscribe();

    expect(services.notices).toEqual([{ workspaceId: workspace.workspaceId, contactIds: [ada.id, grace.id] }]);
    await expect.poll(() => storedWhenNotified).toBe(1);
  });

  test("create attaches staged files", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const file = await stageFile(services, workspace.member, {
      filename: "notes.pdf",
      contentType: "application/pdf",
      data: new Uint8Array([37, 80, 68, 70]),
    });

    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      fileIds: [file.id],
    });

    expect(created.files).toEqual([{ id: file.id, filename: "notes.pdf", contentType: "application/pdf", size: 4 }]);
    const [row] = await services.db.select().from(files).where(eq(files.id, file.id));
    expect(row?.interactionId).toBe(created.id);
  });

  test("create without read-back returns stored shape", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle(), { now: () => MARCH_FIRST });
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const navy = await seedCompany(services.db, workspace.workspaceId, { name: "US Navy" });
    await seedMembership(services.db, grace, navy, { roleInCompany: "Rear Admiral" });
    const sam = await seedStaffPerson(services.db, workspace.workspaceId, { jobTitle: "Account manager" });
    const file = await stageFile(services, workspace.member, {
      filename: "notes.pdf",
      contentType: "application/pdf",
      data: new Uint8Array([37, 80, 68, 70]),
    });

    const created = await createInteraction(
      services,
      workspace.member,
      {
        interaction: { contactId: ada.id, subject: "Review", metadata: { source: "phone", tags: ["q1"] } },
        parties: [
          { rawName: "", contactId: grace.id.toUpperCase() },
          { rawName: "", staffPersonId: sam.id },
          { rawName: "Legal" },
        ],
        fileIds: [file.id],
      },
      { readBack: false },
    );

    const stored = await workspace.asMember.interactions.get({ id: created.id });
    expect(created).toEqual(stored);
    expect(created.parties.map((party) => party.rawName)).toEqual(["Grace Hopper", "Sam Staff", "Legal"]);
    expect(created.files.map((ref) => ref.id)).toEqual([file.id]);
  });

  test("bad file id writes nothing", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const file = await stageFile(services, workspace.member, {
      filename: "notes.pdf",
      contentType: "application/pdf",
      data: new Uint8Array([37, 80, 68, 70]),
    });
    const before = await rowCounts(services.db);

    const error = await clientErrorOf(
      workspace.asMember.interactions.create({
        interaction: { contactId: ada.id },
        parties: [{ rawName: "Bob" }],
        fileIds: [file.id, uuidv7()],
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["fileIds.1"]);
    expect(await rowCounts(services.db)).toEqual(before);
    const [row] = await services.db.select().from(files).where(eq(files.id, file.id));
    expect(row?.interactionId).toBeNull();
  });

  test("service rejects bad input", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());

    await expect(
      createInteraction(services, workspace.member, { interaction: { contactId: "nope" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { "interaction.contactId": ["must be a UUID"] } });
  });
});

async function countRows(db: Executor): Promise<number> {
  const [row] = await db.select({ total: count() }).from(interactions);
  return row?.total ?? 0;
}

async function rowCounts(db: Executor): Promise<Record<string, number>> {
  const [interactionRows] = await db.select({ total: count() }).from(interactions);
  const [partyRows] = await db.select({ total: count() }).from(interactionParties);
  const [activityRows] = await db.select({ total: count() }).from(activityEntries);
  return {
    interactions: interactionRows?.total ?? 0,
    parties: partyRows?.total ?? 0,
    activity: activityRows?.total ?? 0,
  };
}
