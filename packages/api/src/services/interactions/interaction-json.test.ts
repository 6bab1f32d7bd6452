import { files, interactionParties, interactions, users, type Executor, type NewInteractionRow } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import type { ContactSnapshot, FeedPage, Interaction, Party } from "@crm/domain";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { describe, expect, it } from "vitest";

import { seedContact, seedStaffPerson, seedWorkspace } from "../../../test/interaction-seed";
import { partyBranch, subjectBranch } from "./feed-branches";
import { readFeedPage } from "./feed-page";
import { decodeInteraction } from "./interaction-json";
import { loadInteraction, loadInteractions } from "./load-interactions";

const CAPTURED_AT = "2025-03-01T10:15:00Z";
const SUBJECT_SNAPSHOT: ContactSnapshot = { source: "contact", name: "Ada Lovelace", capturedAt: CAPTURED_AT };

describeEachDatabase("interactions read as json", (getHandle) => {
  async function setUp() {
    const { db } = getHandle();
    const workspaceId = await seedWorkspace(db);
    const ada = await seedContact(db, workspaceId, { name: "Ada Lovelace" });
    const branches = [subjectBranch(workspaceId, ada.id), partyBranch(workspaceId, ada.id)];
    const readPage = (limit: number, cursor: string | null = null): Promise<FeedPage<Interaction>> =>
      readFeedPage(db, workspaceId, branches, { limit, cursor });
    return { db, workspaceId, ada, readPage };
  }

  it("interaction without parties or files", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const occurredAt = new Date("2025-03-01T10:15:30.123Z");
    const id = await insertInteraction(db, {
      workspaceId,
      contactId: ada.id,
      occurredAt,
      timeZone: "Europe/London",
      subject: "Call about the engine",
      body: "Notes\nwith a second line",
      metadata: { source: "import", tags: ["a", "b"], nested: { count: 2 } },
    });

    const [item] = (await readPage(50)).items;
    const loaded = await loadInteraction(db, workspaceId, id);

    expect(item?.parties).toEqual([]);
    expect(item?.files).toEqual([]);
    expect(item?.occurredAt).toBeInstanceOf(Date);
    expect(item?.occurredAt.toISOString()).toBe("2025-03-01T10:15:30.123Z");
    expect(item?.createdAt).toBeInstanceOf(Date);
    expect(item?.updatedAt).toBeInstanceOf(Date);
    expect(item?.timeZone).toBe("Europe/London");
    expect(item?.body).toBe("Notes\nwith a second line");
    expect(item?.metadata).toEqual({ source: "import", tags: ["a", "b"], nested: { count: 2 } });
    expect(item?.subjectSnapshot).toEqual(SUBJECT_SNAPSHOT);
    expect(loaded).toEqual(item);
  });

  it("many parties in position order", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const staff = await seedStaffPerson(db, workspaceId, { name: "Sam Staff", jobTitle: "Engineer" });
    const others = await Promise.all(
      Array.from({ length: 4 }, (_, index) => seedContact(db, workspaceId, { name: `Contact ${index}` })),
    );
    const id = await insertInteraction(db, { workspaceId, contactId: ada.id });
    const expected = [
      ...others.map((contact, index) => contactParty(contact.id, `Contact ${index}`)),
      staffParty(staff.id, "Sam Staff"),
      ...Array.from({ length: 7 }, (_, index) => freeTextParty(`Guest ${index}`)),
    ].map((party, position) => ({ ...party, id: uuidv7(), position }));
    // Inserted in reverse, so only the ORDER BY of the aggregate puts them in position order.
    await insertParties(db, workspaceId, id, [...expected].reverse());

    const [item] = (await readPage(50)).items;

    expect(item?.parties).toEqual(expected);
    expect(item?.parties.map((party) => party.position)).toEqual(Array.from({ length: 12 }, (_, index) => index));
  });

  it("free-text and staff parties", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const staff = await seedStaffPerson(db, workspaceId, { name: "Sam Staff" });
    const id = await insertInteraction(db, { workspaceId, contactId: ada.id });
    const freeText = { ...freeTextParty("Someone from the bank"), id: uuidv7(), position: 0 };
    const staffMember = { ...staffParty(staff.id, "Sam Staff"), id: uuidv7(), position: 1 };
    await insertParties(db, workspaceId, id, [freeText, staffMember]);

    const [item] = (await readPage(50)).items;
    const [first, second] = item?.parties ?? [];

    expect(first?.contactId).toBeNull();
    expect(first?.staffPersonId).toBeNull();
    expect(first?.rawName).toBe("Someone from the bank");
    expect(first?.snapshot).toEqual({ source: "free_text", capturedAt: CAPTURED_AT });
    expect(second?.contactId).toBeNull();
    expect(second?.staffPersonId).toBe(staff.id);
    expect(second?.snapshot).toEqual({ source: "staff", name: "Sam Staff", jobTitle: "Engineer", capturedAt: CAPTURED_AT });
  });

  it("many files in upload order", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const id = await insertInteraction(db, { workspaceId, contactId: ada.id });
    const uploadedAt = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute));
    const expected = Array.from({ length: 6 }, (_, index) => ({
      id: uuidv7(),
      filename: `scan ${index} "quoted".pdf`,
      contentType: "application/pdf",
      size: 1_000_000 + index,
    }));
    await db.insert(files).values(
      [...expected].reverse().map((file) => ({
        ...file,
        workspaceId,
        interactionId: id,
        sha256: "0".repeat(64),
        createdAt: uploadedAt(expected.indexOf(file)),
      })),
    );

    const [item] = (await readPage(50)).items;

    expect(item?.files).toEqual(expected);
  });

  it("page boundary with cursor", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const other = await seedContact(db, workspaceId, { name: "Charles Babbage" });
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const asSubject = day % 2 === 1;
      const id = await insertInteraction(db, {
        workspaceId,
        contactId: asSubject ? ada.id : other.id,
        occurredAt: new Date(Date.UTC(2025, 0, day)),
      });
      await insertParties(db, workspaceId, id, [
        { ...(asSubject ? freeTextParty(`Guest ${day}`) : contactParty(ada.id, "Ada")), id: uuidv7(), position: 0 },
      ]);
      ids.push(id);
    }

    const first = await readPage(2);
    const second = await readPage(2, first.nextCursor);
    const third = await readPage(2, second.nextCursor);
    const pages = [first, second, third];

    expect(pages.map((page) => page.items.map((item) => item.id))).toEqual([
      [ids[4], ids[3]],
      [ids[2], ids[1]],
      [ids[0]],
    ]);
    expect(first.nextCursor).not.toBeNull();
    expect(second.nextCursor).not.toBeNull();
    expect(third.nextCursor).toBeNull();
    // The feed page and the load by id build each entity alike.
    const items = pages.flatMap((page) => page.items);
    expect(await loadInteractions(db, workspaceId, items.map((item) => item.id))).toEqual(items);
  });

  it("deleted owner reads as empty", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const ownerId = uuidv7();
    await db.insert(users).values({
      id: ownerId,
      workspaceId,
      email: "owner@example.com",
      name: "Owner",
      passwordHash: "not-a-password-hash",
    });
    const id = await insertInteraction(db, { workspaceId, contactId: ada.id, ownerUserId: ownerId });
    const before = await loadInteraction(db, workspaceId, id);

    await db.delete(users).where(eq(users.id, ownerId));
    const [item] = (await readPage(50)).items;

    expect(before?.ownerUserId).toBe(ownerId);
    expect(item?.ownerUserId).toBe("");
    expect((await loadInteraction(db, workspaceId, id))?.ownerUserId).toBe("");
  });

  it("party row naming another workspace's interaction", async () => {
    const { db, workspaceId, ada, readPage } = await setUp();
    const otherWorkspaceId = await seedWorkspace(db, "Other");
    const stranger = await seedContact(db, otherWorkspaceId, { name: "Stranger" });
    const older = await insertInteraction(db, { workspaceId, contactId: ada.id, occurredAt: new Date("2025-01-01T00:00:00Z") });
    const foreign = await insertInteraction(db, {
      workspaceId: otherWorkspaceId,
      contactId: stranger.id,
      occurredAt: new Date("2025-01-02T00:00:00Z"),
    });
    const newer = await insertInteraction(db, { workspaceId, contactId: ada.id, occurredAt: new Date("2025-01-03T00:00:00Z") });
    // Only a bug could write this row: the party is filed under this workspace, its interaction under another.
    await insertParties(db, workspaceId, foreign, [{ ...contactParty(ada.id, "Ada"), id: uuidv7(), position: 0 }]);

    const first = await readPage(2);
    const second = await readPage(2, first.nextCursor);

    expect(first.items.map((item) => item.id)).toEqual([newer]);
    expect(first.nextCursor).not.toBeNull();
    expect(second.items.map((item) => item.id)).toEqual([older]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("decodeInteraction", () => {
  const json = {
    id: uuidv7(),
    workspaceId: uuidv7(),
    contactId: uuidv7(),
    type: "call",
    occurredAt: Date.parse("2025-03-01T10:15:30.123Z"),
    timeZone: null,
    subject: null,
    body: null,
    ownerUserId: null,
    subjectSnapshot: SUBJECT_SNAPSHOT,
    metadata: null,
    createdAt: Date.parse("2025-03-01T10:16:00.000Z"),
    updatedAt: Date.parse("2025-03-01T10:17:00.000Z"),
    parties: [{ id: uuidv7(), rawName: "Bob", contactId: null, staffPersonId: null, snapshot: { source: "free_text", capturedAt: CAPTURED_AT }, position: 0 }],
    files: [{ id: uuidv7(), filename: "a.pdf", contentType: "application/pdf", size: 12 }],
  };

  it("json text and parsed json alike", () => {
    const fromText = decodeInteraction(JSON.stringify(json));

    expect(fromText).toEqual(decodeInteraction(json));
    expect(fromText.occurredAt.toISOString()).toBe("2025-03-01T10:15:30.123Z");
    expect(fromText.ownerUserId).toBe("");
    expect(fromText.parties).toEqual(json.parties);
    expect(fromText.files).toEqual(json.files);
  });

  it("mismatched shape names the field", () => {
    const badParty = { ...json.parties[0], contactId: 7 };

    expect(() => decodeInteraction({ ...json, parties: [badParty] })).toThrow(
      "interaction.parties[0].contactId from the database failed: it is number, expected a string or null",
    );
    expect(() => decodeInteraction({ ...json, files: {} })).toThrow("interaction.files from the database failed: it is object");
    expect(() => decodeInteraction({ ...json, occurredAt: "2025-03-01" })).toThrow(
      "interaction.occurredAt from the database failed: it is string, expected epoch milliseconds",
    );
    expect(() => decodeInteraction(null)).toThrow("interaction from the database failed: it is null");
  });
});

async function insertInteraction(
  db: Executor,
  fields: Pick<NewInteractionRow, "workspaceId" | "contactId"> & Partial<NewInteractionRow>,
): Promise<string> {
  const id = uuidv7();
  await db.insert(interactions).values({
    id,
    occurredAt: new Date("2025-03-01T10:15:00.000Z"),
    subjectSnapshot: SUBJECT_SNAPSHOT,
    ...fields,
  });
  return id;
}

async function insertParties(db: Executor, workspaceId: string, interactionId: string, parties: readonly Party[]) {
  await db.insert(interactionParties).values(
    parties.map((party) => ({
      ...party,
      workspaceId,
      interactionId,
      identity: party.contactId
        ? `contact:${party.contactId}`
        : party.staffPersonId
          ? `staff:${party.staffPersonId}`
          : `name:${party.rawName.toLowerCase()}`,
      // The database copies the interaction's feed keys over these.
      occurredAt: new Date(0),
      createdAt: new Date(0),
    })),
  );
}

function contactParty(contactId: string, name: string): Omit<Party, "id" | "position"> {
  return { rawName: name, contactId, staffPersonId: null, snapshot: { source: "contact", name, capturedAt: CAPTURED_AT } };
}

function staffParty(staffPersonId: string, name: string): Omit<Party, "id" | "position"> {
  return {
    rawName: name,
    contactId: null,
    staffPersonId,
    snapshot: { source: "staff", name, jobTitle: "Engineer", capturedAt: CAPTURED_AT },
  };
}

function freeTextParty(name: string): Omit<Party, "id" | "position"> {
  return { rawName: name, contactId: null, staffPersonId: null, snapshot: { source: "free_text", capturedAt: CAPTURED_AT } };
}
