import { describeEachDatabase } from "@crm/db/testing";
import { expect, test } from "vitest";

import { createTestServices, createTestWorkspace } from "../../../test/harness";
import { seedContact } from "../../../test/interaction-seed";
import { importFile, type ImportProgress } from "./import-file";

describeEachDatabase("importFile volume", (getHandle) => {
  test("5,000 events import with progress", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    await seedContact(services.db, workspace.workspaceId, { name: "Bob Stone", email: "bob.stone@example.com" });
    const actor = workspace.member;
    const start = Date.UTC(2024, 0, 1);
    const events = Array.from({ length: 5000 }, (_, index) => {
      const at = new Date(start + index * 3_600_000).toISOString().replace(/[-:]|\.\d{3}/g, "");
      return [
        "BEGIN:VEVENT",
        `UID:bulk-${index}@example.com`,
        `DTSTAMP:${at}`,
        `DTSTART:${at}`,
        `SUMMARY:Call ${index}`,
        "ATTENDEE;CN=Bob Stone:mailto:bob.stone@example.com",
        "END:VEVENT",
      ].join("\r\n");
    });
    const calendar = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp//Bulk//EN", ...events, "END:VCALENDAR", ""].join("\r\n");
    const progress: ImportProgress[] = [];

    const report = await importFile(
      services,
      actor,
      { format: "icalendar", content: calendar, options: { rangeStart: new Date(start), rangeEnd: new Date(Date.UTC(2025, 0, 1)) } },
      (step) => {
        progress.push(step);
      },
    );

    expect(report.created.interactions).toBe(5000);
    expect(progress[0]).toEqual({ processed: 0, total: 5000 });
    expect(progress.at(-1)).toEqual({ processed: 5000, total: 5000 });
    const gaps = progress.slice(1).map((step, index) => step.processed - (progress[index]?.processed ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100);
  }, 600_000);
});
