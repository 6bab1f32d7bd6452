import { contacts, importJobs, interactions } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { count } from "drizzle-orm";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../test/error-shape";
import { fixtureBytes } from "../../test/fixtures/import/read-fixture";
import { callerFor, createTestServices, createTestWorkspace, type TestServices, type TestWorkspace } from "../../test/harness";
import { seedContact } from "../../test/interaction-seed";
import { stageFile } from "../services/files";
import { waitForImportJobs } from "../services/imports";

const MARCH_2025 = { rangeStart: new Date("2025-03-01T00:00:00Z"), rangeEnd: new Date("2025-04-01T00:00:00Z") };

async function stage(services: TestServices, workspace: TestWorkspace, filename: string, contentType: string, fixture: string) {
  const file = await stageFile(services, workspace.member, { filename, contentType, data: fixtureBytes(fixture) });
  return file.id;
}

async function contactCount(services: TestServices): Promise<number | undefined> {
  const [row] = await services.db.select({ value: count() }).from(contacts);
  return row?.value;
}

describeEachDatabase("imports router", (getHandle) => {
  test("upload accepts vCard, calendar and CSV types", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);

    const staged = [
      await stage(services, workspace, "a.vcf", "text/vcard", "contacts-v4.vcf"),
      await stage(services, workspace, "b.vcf", "text/x-vcard", "contacts-v4.vcf"),
      await stage(services, workspace, "c.ics", "text/calendar", "calendar-meetings.ics"),
      await stage(services, workspace, "d.csv", "text/csv", "google-contacts.csv"),
    ];

    expect(staged).toHaveLength(4);
  });

  test("preview shows records and writes nothing", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    await seedContact(services.db, workspace.workspaceId, { name: "Bruce", email: "BRUCE@golden-harvest.example" });
    const fileId = await stage(services, workspace, "people.vcf", "text/vcard", "contacts-v3.vcf");

    const preview = await workspace.asMember.imports.preview({ fileId });

    expect(preview.format).toBe("vcard");
    expect(preview.counts.records).toBe(3);
    expect(preview.records.map((record) => [record.position, record.action])).toEqual([
      [1, "new"],
      [2, "matched"],
      [4, "new"],
    ]);
    expect(preview.issues.map((issue) => issue.position)).toEqual([3]);
    expect(await contactCount(services)).toBe(1);
  });

  test("preview of a calendar shows subjects", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    await seedContact(services.db, workspace.workspaceId, { name: "Bob Stone", email: "bob.stone@example.com" });
    const fileId = await stage(services, workspace, "meetings.ics", "text/calendar", "calendar-meetings.ics");

    const preview = await workspace.asMember.imports.preview({ fileId, options: MARCH_2025 });

    expect(preview.format).toBe("icalendar");
    expect(preview.counts).toEqual({ inFile: 6, records: 5, issues: 1, cancelled: 1, outOfRange: 0, future: 0 });
    const first = preview.records[0];
    expect(first).toMatchObject({ kind: "event", contact: { name: "Bob Stone", action: "matched" } });
    expect(preview.records.at(-1)?.action).toBe("skipped");
    const [row] = await services.db.select({ value: count() }).from(interactions);
    expect(row?.value).toBe(0);
  });

  test("preview counts only events that import", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "meetings.ics", "text/calendar", "calendar-meetings.ics");
    const options = { rangeStart: new Date("2025-01-01T00:00:00Z"), rangeEnd: new Date("2025-07-01T00:00:00Z") };

    const preview = await workspace.asMember.imports.preview({ fileId, options });

    expect(preview.records.every((record) => record.action === "skipped")).toBe(true);
    expect(preview.counts.records).toBe(0);
    expect(preview.counts.issues).toBe(5);
    expect(preview.issues.map((issue) => issue.position)).toEqual([1, 2, 4, 5, 6]);
    expect(preview.issues[0]?.reason).toContain("create contacts for unknown attendees");
  });

  test("format read from the content", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "export.txt", "text/plain", "calendar-meetings.ics");

    const preview = await workspace.asMember.imports.preview({ fileId, options: MARCH_2025 });

    expect(preview.format).toBe("icalendar");
  });

  test("preview rejects a broken file", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "broken.ics", "text/calendar", "calendar-truncated.ics");

    const error = await clientErrorOf(workspace.asMember.imports.preview({ fileId, options: MARCH_2025 }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.fieldErrors?.fileId?.[0]).toMatch(/^Not a valid iCalendar \(\.ics\) file: /);
  });

  test("options are validated", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "meetings.ics", "text/calendar", "calendar-meetings.ics");

    const error = await clientErrorOf(
      workspace.asMember.imports.preview({
        fileId,
        options: { rangeStart: MARCH_2025.rangeEnd, rangeEnd: MARCH_2025.rangeStart },
      }),
    );

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.fieldErrors?.["options.rangeEnd"]).toEqual(["must be after rangeStart"]);
  });

  test("start rejects a range in the future", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "meetings.ics", "text/calendar", "calendar-meetings.ics");
    const nextYear = new Date(Date.now() + 366 * 86_400_000);

    const error = await clientErrorOf(workspace.asMember.imports.start({ fileId, options: { rangeStart: nextYear } }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["options.rangeStart"]);
    const [jobs] = await services.db.select({ value: count() }).from(importJobs);
    expect(jobs?.value).toBe(0);
  });

  test("start runs the import in the background", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "people.csv", "text/csv", "google-contacts.csv");

    const { jobId } = await workspace.asMember.imports.start({ fileId });
    await waitForImportJobs();
    const status = await workspace.asMember.imports.status({ jobId });

    expect(status.status).toBe("done");
    expect(status.processed).toBe(2);
    expect(status.total).toBe(2);
    expect(status.report?.created).toEqual({ contacts: 2, companies: 2, memberships: 2, interactions: 0 });
    expect(await contactCount(services)).toBe(2);
  });

  test("start records a rejected file", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "broken.ics", "text/calendar", "calendar-truncated.ics");

    const { jobId } = await workspace.asMember.imports.start({ fileId, options: MARCH_2025 });
    await waitForImportJobs();
    const status = await workspace.asMember.imports.status({ jobId });

    expect(status.status).toBe("failed");
    expect(status.error).toMatch(/^Not a valid iCalendar \(\.ics\) file: /);
    expect(status.report).toBeNull();
  });

  test("another workspace's file is not found", async () => {
    const services = createTestServices(getHandle());
    const owner = await createTestWorkspace(services);
    const other = await createTestWorkspace(services, "Other");
    const fileId = await stage(services, owner, "people.vcf", "text/vcard", "contacts-v3.vcf");

    const preview = await clientErrorOf(other.asAdmin.imports.preview({ fileId }));
    const start = await clientErrorOf(other.asAdmin.imports.start({ fileId }));

    expect(preview.data.code).toBe("NOT_FOUND");
    expect(start.data.code).toBe("NOT_FOUND");
    const [jobs] = await services.db.select({ value: count() }).from(importJobs);
    expect(jobs?.value).toBe(0);
  });

  test("another workspace's job is not found", async () => {
    const services = createTestServices(getHandle());
    const owner = await createTestWorkspace(services);
    const other = await createTestWorkspace(services, "Other");
    const fileId = await stage(services, owner, "people.vcf", "text/vcard", "contacts-v3.vcf");
    const { jobId } = await owner.asMember.imports.start({ fileId });
    await waitForImportJobs();

    const error = await clientErrorOf(other.asAdmin.imports.status({ jobId }));

    expect(error.data.code).toBe("NOT_FOUND");
  });

  test("signed-out caller is rejected", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const fileId = await stage(services, workspace, "people.vcf", "text/vcard", "contacts-v3.vcf");

    const error = await clientErrorOf(callerFor(services, null).imports.preview({ fileId }));

    expect(error.data.code).toBe("UNAUTHORIZED");
  });
});
