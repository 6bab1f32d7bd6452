import { contacts, importEventLinks, interactions, type DatabaseHandle } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { asc, count, eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { fixtureBytes, fixtureText } from "../../../test/fixtures/import/read-fixture";
import { createTestServices, createTestWorkspace } from "../../../test/harness";
import { seedContact, seedStaffPerson } from "../../../test/interaction-seed";
import { ImportFileError } from "../../import";
import { getInteraction } from "../interactions";
import { importFile } from "./import-file";

const MARCH_2025 = { rangeStart: new Date("2025-03-01T00:00:00Z"), rangeEnd: new Date("2025-04-01T00:00:00Z") };
const MEETINGS = fixtureText("calendar-meetings.ics");

async function setUp(handle: DatabaseHandle) {
  const services = createTestServices(handle);
  const workspace = await createTestWorkspace(services);
  const bob = await seedContact(services.db, workspace.workspaceId, { name: "Bob Stone", email: "bob.stone@example.com" });
  const sam = await seedStaffPerson(services.db, workspace.workspaceId, { name: "Sam Staff", email: "Sam@OurFirm.example" });
  return { services, actor: workspace.member, workspaceId: workspace.workspaceId, bob, sam };
}

async function meetings(handle: DatabaseHandle) {
  return handle.db.select().from(interactions).orderBy(asc(interactions.occurredAt));
}

async function rowCounts(handle: DatabaseHandle) {
  const [interactionCount] = await handle.db.select({ value: count() }).from(interactions);
  const [contactCount] = await handle.db.select({ value: count() }).from(contacts);
  const [linkCount] = await handle.db.select({ value: count() }).from(importEventLinks);
  return { interactions: interactionCount?.value, contacts: contactCount?.value, links: linkCount?.value };
}

describeEachDatabase("importFile calendar", (getHandle) => {
  test("calendar creates meetings", async () => {
    const { services, actor } = await setUp(getHandle());

    const report = await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    expect(report.format).toBe("icalendar");
    expect(report.created).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 5 });
    expect(report.skipped).toEqual({ cancelled: 1, outOfRange: 0, future: 0 });
    expect((await meetings(getHandle())).every((row) => row.type === "meeting")).toBe(true);
  });

  test("zoned event lands at its instant", async () => {
    const { services, actor } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const lunch = (await meetings(getHandle())).find((row) => row.subject === "Lunch in Berlin");
    expect(lunch?.occurredAt.toISOString()).toBe("2025-03-20T11:30:00.000Z");
    expect(lunch?.timeZone).toBe("Europe/Berlin");
  });

  test("all-day event at midnight UTC", async () => {
    const { services, actor } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const offsite = (await meetings(getHandle())).find((row) => row.subject === "Offsite with Bob");
    expect(offsite?.occurredAt.toISOString()).toBe("2025-03-25T00:00:00.000Z");
    expect(offsite?.timeZone).toBeNull();
  });

  test("weekly series with moved and cancelled occurrence", async () => {
    const { services, actor } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const weekly = (await meetings(getHandle())).filter((row) => row.metadata?.uid === "weekly-review@example.com");
    expect(weekly.map((row) => row.occurredAt.toISOString())).toEqual([
      "2025-03-03T15:00:00.000Z",
      "2025-03-11T19:00:00.000Z",
      "2025-03-24T14:00:00.000Z",
    ]);
    expect(weekly.map((row) => row.subject)).toEqual([
      "Weekly review",
      "Weekly review (moved to Tuesday)",
      "Weekly review",
    ]);
    expect(weekly.map((row) => row.metadata?.recurrenceId)).toEqual([
      "2025-03-03T15:00:00.000Z",
      "2025-03-10T14:00:00.000Z",
      "2025-03-24T14:00:00.000Z",
    ]);
  });

  test("event fields become the interaction", async () => {
    const { services, actor, bob } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const [first] = await meetings(getHandle());
    expect(first?.contactId).toBe(bob.id);
    expect(first?.ownerUserId).toBe(actor.userId);
    expect(first?.timeZone).toBe("America/New_York");
    expect(first?.body).toBe("Pipeline, renewals and open deals.\n\nLocation: Room 4");
    expect(first?.metadata).toEqual({
      source: "icalendar",
      uid: "weekly-review@example.com",
      recurrenceId: "2025-03-03T15:00:00.000Z",
      sequence: 0,
    });
  });

  test("attendee matched by email in other case", async () => {
    const { services, actor, bob } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const subjects = (await meetings(getHandle())).map((row) => row.contactId);
    expect(subjects).toEqual([bob.id, bob.id, bob.id, bob.id, bob.id]);
  });

  test("staff and unknown attendees become parties", async () => {
    const { services, actor, sam } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    const [first] = await meetings(getHandle());
    const interaction = await getInteraction(services, actor, { id: first?.id ?? "" });
    const parties = interaction?.parties.map(({ rawName, contactId, staffPersonId }) => ({ rawName, contactId, staffPersonId }));
    expect(parties).toEqual([
      { rawName: "Sam Staff", contactId: null, staffPersonId: sam.id },
      { rawName: "Carol Free", contactId: null, staffPersonId: null },
    ]);
  });

  test("createContacts makes unknown attendees contacts", async () => {
    const { services, actor } = await setUp(getHandle());

    const report = await importFile(services, actor, {
      format: "icalendar",
      content: MEETINGS,
      options: { ...MARCH_2025, createContacts: true },
    });

    expect(report.created.contacts).toBe(1);
    const [carol] = await getHandle().db.select().from(contacts).where(eq(contacts.email, "carol@elsewhere.example"));
    expect(carol?.name).toBe("Carol Free");
    const [first] = await meetings(getHandle());
    const interaction = await getInteraction(services, actor, { id: first?.id ?? "" });
    expect(interaction?.parties.map((party) => party.contactId)).toEqual([null, carol?.id]);
  });

  test("new contact can be the subject", async () => {
    const { services, actor } = await setUp(getHandle());
    const calendar = MEETINGS.replace(/\r\n /g, "").replace(/bob\.stone@example\.com/gi, "robert@else.example");

    const report = await importFile(services, actor, {
      format: "icalendar",
      content: calendar,
      options: { ...MARCH_2025, createContacts: true },
    });

    const [robert] = await getHandle().db.select().from(contacts).where(eq(contacts.email, "robert@else.example"));
    expect(report.created.interactions).toBe(5);
    expect((await meetings(getHandle()))[0]?.contactId).toBe(robert?.id);
  });

  test("event without subject is reported", async () => {
    const { services, actor } = await setUp(getHandle());

    const report = await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]?.position).toBe(6);
    expect(report.issues[0]?.reason).toBe(
      'event 6: no organizer or attendee (sam@ourfirm.example) is a contact of this workspace: skipped the event; add the contact first, or import with "create contacts for unknown attendees" (the option on the Import page, --create-contacts in the CLI)',
    );
  });

  test("re-import creates nothing", async () => {
    const { services, actor } = await setUp(getHandle());
    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });
    const before = await rowCounts(getHandle());

    const report = await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    expect(report.created).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 0 });
    expect(report.updated).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 0 });
    expect(report.unchanged).toBe(5);
    expect(await rowCounts(getHandle())).toEqual(before);
  });

  test("higher SEQUENCE updates the interaction", async () => {
    const { services, actor } = await setUp(getHandle());
    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });
    const [lunch] = (await meetings(getHandle())).filter((row) => row.subject === "Lunch in Berlin");
    const changed = MEETINGS.replace("SUMMARY:Lunch in Berlin", "SEQUENCE:1\r\nSUMMARY:Lunch in Berlin (booked)");

    const report = await importFile(services, actor, { format: "icalendar", content: changed, options: MARCH_2025 });

    expect(report.created.interactions).toBe(0);
    expect(report.updated.interactions).toBe(1);
    const [row] = await getHandle().db.select().from(interactions).where(eq(interactions.id, lunch?.id ?? ""));
    expect(row?.subject).toBe("Lunch in Berlin (booked)");
    expect(row?.metadata?.sequence).toBe(1);
  });

  test("lower SEQUENCE keeps the newer import", async () => {
    const { services, actor } = await setUp(getHandle());
    const changed = MEETINGS.replace("SUMMARY:Lunch in Berlin", "SEQUENCE:1\r\nSUMMARY:Lunch in Berlin (booked)");
    await importFile(services, actor, { format: "icalendar", content: changed, options: MARCH_2025 });

    const report = await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    expect(report.updated.interactions).toBe(0);
    const subjects = (await meetings(getHandle())).map((row) => row.subject);
    expect(subjects).toContain("Lunch in Berlin (booked)");
    expect(report.issues.map((issue) => issue.position)).toEqual([4, 6]);
  });

  test("future events are skipped", async () => {
    const { services, actor } = await setUp(getHandle());
    const now = services.now();
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().replace(/[-:]|\.\d{3}/g, "");
    const calendar = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Example Corp//Test//EN",
      "BEGIN:VEVENT",
      "UID:tomorrow@example.com",
      `DTSTAMP:${tomorrow}`,
      `DTSTART:${tomorrow}`,
      "SUMMARY:Tomorrow",
      "ATTENDEE:mailto:bob.stone@example.com",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");

    const report = await importFile(services, actor, {
      format: "icalendar",
      content: calendar,
      options: { rangeEnd: new Date(now.getTime() + 7 * 86_400_000) },
    });

    expect(report.skipped.future).toBe(1);
    expect(report.created.interactions).toBe(0);
  });

  test("malformed calendar writes nothing", async () => {
    const { services, actor } = await setUp(getHandle());
    const before = await rowCounts(getHandle());

    const truncated = importFile(services, actor, {
      format: "icalendar",
      content: fixtureBytes("calendar-truncated.ics"),
      options: { ...MARCH_2025, createContacts: true },
    });
    const html = importFile(services, actor, { format: "icalendar", content: fixtureBytes("calendar-page.html") });

    await expect(truncated).rejects.toBeInstanceOf(ImportFileError);
    await expect(html).rejects.toThrow(/BEGIN:VCALENDAR/);
    expect(await rowCounts(getHandle())).toEqual(before);
  });

  test("imported meetings notify their contacts", async () => {
    const { services, actor, bob, workspaceId } = await setUp(getHandle());

    await importFile(services, actor, { format: "icalendar", content: MEETINGS, options: MARCH_2025 });

    expect(services.notices).toHaveLength(5);
    expect(services.notices.every((notice) => notice.workspaceId === workspaceId)).toBe(true);
    expect(services.notices.every((notice) => notice.contactIds.includes(bob.id))).toBe(true);
  });
});
