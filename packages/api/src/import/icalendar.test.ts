import { describe, expect, test } from "vitest";
import { ZodError } from "zod";

import { fixtureBytes, fixtureText } from "../../test/fixtures/import/read-fixture";
import { parseICalendar } from "./icalendar";
import { ImportFileError } from "./import-errors";

const MARCH_2025 = {
  rangeStart: new Date("2025-03-01T00:00:00Z"),
  rangeEnd: new Date("2025-04-05T00:00:00Z"),
};

describe("parseICalendar time zones", () => {
  const result = parseICalendar(fixtureText("calendar-time-zones.ics"), {
    ...MARCH_2025,
    defaultTimeZone: "Europe/Lisbon",
  });
  const byUid = (uid: string) => result.events.find((event) => event.uid === uid);

  test("converts a VTIMEZONE zone to UTC", () => {
    expect(byUid("ny-kickoff@example.com")?.start.toISOString()).toBe("2025-03-10T13:00:00.000Z");
  });

  test("keeps the VTIMEZONE zone name", () => {
    expect(byUid("ny-kickoff@example.com")?.timeZone).toBe("America/New_York");
  });

  test("reads DTEND in the same zone", () => {
    expect(byUid("ny-kickoff@example.com")?.end?.toISOString()).toBe("2025-03-10T14:30:00.000Z");
  });

  test("converts a bare IANA zone before the DST change", () => {
    expect(byUid("berlin-before-dst@example.com")?.start.toISOString()).toBe("2025-03-28T09:00:00.000Z");
  });

  test("converts a bare IANA zone after the DST change", () => {
    expect(byUid("berlin-after-dst@example.com")?.start.toISOString()).toBe("2025-03-31T08:00:00.000Z");
  });

  test("adds DURATION to the start", () => {
    expect(byUid("berlin-after-dst@example.com")?.end?.toISOString()).toBe("2025-03-31T08:45:00.000Z");
  });

  test("reads UTC times without a zone", () => {
    expect([
      byUid("utc-call@example.com")?.start.toISOString(),
      byUid("utc-call@example.com")?.timeZone,
    ]).toEqual(["2025-03-12T16:00:00.000Z", null]);
  });

  test("reads floating times in the default zone", () => {
    expect([
      byUid("floating-lunch@example.com")?.start.toISOString(),
      byUid("floating-lunch@example.com")?.timeZone,
    ]).toEqual(["2025-03-14T12:30:00.000Z", "Europe/Lisbon"]);
  });

  test("reads an all-day event as UTC dates", () => {
    expect(byUid("offsite@example.com")).toMatchObject({
      allDay: true,
      start: new Date("2025-04-01T00:00:00Z"),
      end: new Date("2025-04-03T00:00:00Z"),
      timeZone: null,
      recurrenceId: null,
    });
  });

  test("skips and counts the cancelled event", () => {
    expect([byUid("cancelled-demo@example.com"), result.skipped.cancelled]).toEqual([undefined, 1]);
  });

  test("counts the event outside the range", () => {
    expect(result.skipped.outOfRange).toBe(1);
  });

  test("orders events by start", () => {
    expect(result.events.map((event) => event.position)).toEqual([1, 5, 6, 2, 3, 4]);
  });

  test("reports no errors", () => {
    expect(result.errors).toEqual([]);
  });
});

describe("parseICalendar people and text", () => {
  const [kickoff] = parseICalendar(fixtureText("calendar-time-zones.ics"), MARCH_2025).events;

  test("reads the organizer from a MAILTO: URI, case kept", () => {
    expect(kickoff?.organizer).toEqual({ email: "Ann.Lee@Example.COM", name: "Ann Lee" });
  });

  test("reads attendees with status and role", () => {
    expect(kickoff?.attendees).toEqual([
      { email: "Bob.Stone@Example.com", name: "Bob Stone", partstat: "ACCEPTED", role: "REQ-PARTICIPANT" },
      { email: "zoe@nordlys.example", name: "Zoë Ångström", partstat: "TENTATIVE", role: "OPT-PARTICIPANT" },
      { email: null, name: "Board Room" },
    ]);
  });

  test("unescapes text values", () => {
    expect([kickoff?.summary, kickoff?.description, kickoff?.location]).toEqual([
      "Kickoff in New York",
      "Agenda:\n1. Scope\n2. Budget, timeline",
      "5th Avenue, Room 12",
    ]);
  });

  test("reads SEQUENCE and LAST-MODIFIED", () => {
    expect([kickoff?.sequence, kickoff?.lastModified?.toISOString()]).toEqual([
      2,
      "2025-03-05T08:15:00.000Z",
    ]);
  });

  test("attendee email from the EMAIL parameter", () => {
    const text = calendar(
      "UID:p@example.com",
      "DTSTART:20250310T090000Z",
      "ATTENDEE;CN=Kim;EMAIL=Kim@Example.org:urn:uuid:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    );
    expect(parseICalendar(text, MARCH_2025).events[0]?.attendees).toEqual([
      { email: "Kim@Example.org", name: "Kim" },
    ]);
  });
});

describe("parseICalendar recurring series", () => {
  const result = parseICalendar(fixtureText("calendar-weekly-series.ics"), MARCH_2025);
  const weekly = result.events.filter((event) => event.uid === "weekly-sync@example.com");
  const standup = result.events.filter((event) => event.uid === "standup@example.com");

  test("expands the weekly series inside the range across the DST change", () => {
    expect(weekly.map((event) => event.start.toISOString())).toEqual([
      "2025-03-03T15:00:00.000Z",
      "2025-03-10T14:00:00.000Z",
      "2025-03-25T18:00:00.000Z",
    ]);
  });

  test("identifies occurrences by their original start", () => {
    expect(weekly.map((event) => event.recurrenceId)).toEqual([
      "2025-03-03T15:00:00.000Z",
      "2025-03-10T14:00:00.000Z",
      "2025-03-24T14:00:00.000Z",
    ]);
  });

  test("takes the moved occurrence from its override", () => {
    expect(weekly[2]).toMatchObject({
      position: 2,
      summary: "Weekly sync (moved to Tuesday)",
      end: new Date("2025-03-25T19:00:00Z"),
      sequence: 1,
    });
  });

  test("gives occurrences the series end and organizer", () => {
    expect([weekly[0]?.end?.toISOString(), weekly[0]?.organizer?.email]).toEqual([
      "2025-03-03T16:00:00.000Z",
      "Ann.Lee@Example.COM",
    ]);
  });

  test("counts the cancelled override", () => {
    expect(result.skipped.cancelled).toBe(1);
  });

  test("applies EXDATE written in UTC to a bare IANA zone", () => {
    expect(standup.map((event) => event.start.toISOString())).toEqual([
      "2025-03-29T08:00:00.000Z",
      "2025-03-31T07:00:00.000Z",
    ]);
  });

  test("expands a yearly all-day series from long ago", () => {
    const birthday = result.events.filter((event) => event.uid === "birthday@example.com");
    expect(birthday.map((event) => [event.recurrenceId, event.allDay])).toEqual([["2025-03-15", true]]);
  });

  test("keeps the identity across imports with another range", () => {
    const april = parseICalendar(fixtureText("calendar-weekly-series.ics"), {
      rangeStart: new Date("2025-03-20T00:00:00Z"),
      rangeEnd: new Date("2025-05-01T00:00:00Z"),
    });
    const moved = april.events.find(
      (event) => event.uid === "weekly-sync@example.com" && event.position === 2,
    );
    expect(moved?.recurrenceId).toBe("2025-03-24T14:00:00.000Z");
  });

  test("counts a series with no occurrence in the range", () => {
    const later = parseICalendar(fixtureText("calendar-weekly-series.ics"), {
      rangeStart: new Date("2025-06-01T00:00:00Z"),
      rangeEnd: new Date("2025-07-01T00:00:00Z"),
    });
    // Three series, and the override that moved an occurrence to March.
    expect(later.skipped.outOfRange).toBe(4);
  });

  test("reports a series over the occurrence cap", () => {
    const capped = parseICalendar(fixtureText("calendar-weekly-series.ics"), {
      ...MARCH_2025,
      maxOccurrences: 1,
    });
    expect(capped.errors).toContainEqual({
      position: 1,
      reason: "event 1: the series has more than 1 occurrences in the range: imported the first 1",
    });
  });

  test("does not report a series at the cap", () => {
    const capped = parseICalendar(fixtureText("calendar-weekly-series.ics"), {
      ...MARCH_2025,
      maxOccurrences: 2,
    });
    expect(capped.errors.filter((issue) => issue.position === 4)).toEqual([]);
  });

  test("caps an endless series at the default", () => {
    const text = calendar("UID:daily@example.com", "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY");
    const result = parseICalendar(text, {
      rangeStart: new Date("2025-01-01T00:00:00Z"),
      rangeEnd: new Date("2027-01-01T00:00:00Z"),
    });
    expect([result.events.length, result.errors[0]?.reason]).toEqual([
      500,
      "event 1: the series has more than 500 occurrences in the range: imported the first 500",
    ]);
  });

  test("reports a series too far before the range", () => {
    const text = calendar("UID:tick@example.com", "DTSTART:20250101T000000Z", "RRULE:FREQ=SECONDLY");
    const result = parseICalendar(text, MARCH_2025);
    expect(result.errors[0]?.reason).toMatch(
      /^event 1: the series needs more than 100000 occurrences to reach the end of the range/,
    );
  });

  test("cancelled master skips the whole series", () => {
    const text = calendar(
      "UID:s@example.com",
      "DTSTART:20250303T090000Z",
      "RRULE:FREQ=DAILY;COUNT=5",
      "STATUS:CANCELLED",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:s@example.com",
      "RECURRENCE-ID:20250304T090000Z",
      "DTSTART:20250304T100000Z",
    );
    const result = parseICalendar(text, MARCH_2025);
    expect([result.events.length, result.skipped.cancelled]).toEqual([0, 1]);
  });

  test("RDATE adds occurrences to DTSTART", () => {
    const text = calendar(
      "UID:r@example.com",
      "DTSTART:20250303T090000Z",
      "RDATE:20250320T150000Z,20250303T090000Z",
    );
    const starts = parseICalendar(text, MARCH_2025).events.map((event) => event.start.toISOString());
    expect(starts).toEqual(["2025-03-03T09:00:00.000Z", "2025-03-20T15:00:00.000Z"]);
  });

  test("RDATE before a DTSTART outside the range", () => {
    const text = calendar("UID:r@example.com", "DTSTART:20250610T090000Z", "RDATE:20250320T150000Z");
    const starts = parseICalendar(text, MARCH_2025).events.map((event) => event.start.toISOString());
    expect(starts).toEqual(["2025-03-20T15:00:00.000Z"]);
  });

  test("EXDATE removes DTSTART from an RDATE set", () => {
    const text = calendar(
      "UID:r@example.com",
      "DTSTART:20250303T090000Z",
      "RDATE:20250320T150000Z",
      "EXDATE:20250303T090000Z",
    );
    const starts = parseICalendar(text, MARCH_2025).events.map((event) => event.start.toISOString());
    expect(starts).toEqual(["2025-03-20T15:00:00.000Z"]);
  });
});

describe("parseICalendar damaged events", () => {
  const text = calendar(
    "UID:ok@example.com",
    "DTSTART:20250310T090000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART:20250311T090000Z",
    "SUMMARY:No UID",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:no-start@example.com",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:bad-start@example.com",
    "DTSTART:tomorrow",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:ok@example.com",
    "DTSTART:20250312T090000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:mars@example.com",
    "DTSTART;TZID=Mars/Olympus_Mons:20250313T090000",
  );
  const result = parseICalendar(text, MARCH_2025);

  test("keeps the readable events", () => {
    expect(result.events.map((event) => event.uid)).toEqual(["ok@example.com", "mars@example.com"]);
  });

  test("reports a missing UID", () => {
    expect(result.errors[0]?.reason).toMatch(/^event 2: missing UID: /);
  });

  test("reports a missing DTSTART", () => {
    expect(result.errors[1]?.reason).toBe(
      "event 3: missing DTSTART: an event needs a start time; skipped the event",
    );
  });

  test("reports an unreadable DTSTART", () => {
    expect(result.errors[2]?.reason).toMatch(/^event 4: invalid date-time value: .*; skipped the event$/);
  });

  test("reports a repeated UID", () => {
    expect(result.errors[3]?.reason).toBe(
      'event 5: UID "ok@example.com" is already used by event 1; skipped the event',
    );
  });

  test("reports an unknown zone and reads it as UTC", () => {
    expect([result.errors[4]?.reason, result.events[1]?.start.toISOString()]).toEqual([
      'event 6: unknown time zone "Mars/Olympus_Mons" (no VTIMEZONE defines it and it is not an IANA name): read its times in UTC',
      "2025-03-13T09:00:00.000Z",
    ]);
  });
});

describe("parseICalendar rejected files", () => {
  test("HTML page", () => {
    expect(() => parseICalendar(fixtureBytes("calendar-page.html"), MARCH_2025)).toThrow(ImportFileError);
  });

  test("message names the format", () => {
    expect(() => parseICalendar(fixtureBytes("calendar-page.html"), MARCH_2025)).toThrow(
      'Not a valid iCalendar (.ics) file: it must start with BEGIN:VCALENDAR but starts with "<!DOCTYPE html>"',
    );
  });

  test("PNG bytes", () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(() => parseICalendar(png, MARCH_2025)).toThrow(/binary data/);
  });

  test("a file cut off inside an event", () => {
    expect(() => parseICalendar(fixtureBytes("calendar-truncated.ics"), MARCH_2025)).toThrow(ImportFileError);
  });

  test("a vCard file", () => {
    expect(() => parseICalendar(fixtureText("contacts-v4.vcf"), MARCH_2025)).toThrow(/BEGIN:VCALENDAR/);
  });

  test("range that ends before it starts", () => {
    expect(() =>
      parseICalendar(fixtureText("calendar-time-zones.ics"), {
        rangeStart: MARCH_2025.rangeEnd,
        rangeEnd: MARCH_2025.rangeStart,
      }),
    ).toThrow(ZodError);
  });

  test("default zone that is not an IANA name", () => {
    expect(() =>
      parseICalendar(fixtureText("calendar-time-zones.ics"), { ...MARCH_2025, defaultTimeZone: "CEST+1" }),
    ).toThrow(ZodError);
  });
});

describe("parseICalendar large file", () => {
  test("parses 5,000 events", () => {
    const events = Array.from({ length: 5000 }, (_, index) => {
      const day = String((index % 28) + 2).padStart(2, "0");
      const hour = String(index % 24).padStart(2, "0");
      return [
        "BEGIN:VEVENT",
        `UID:bulk-${index}@example.com`,
        `DTSTART;TZID=Europe/Berlin:202503${day}T${hour}0000`,
        `DTEND;TZID=Europe/Berlin:202503${day}T${hour}3000`,
        `SUMMARY:Event ${index}`,
        `ATTENDEE;CN=Person ${index}:mailto:person${index}@example.com`,
        "END:VEVENT",
      ].join("\r\n");
    });
    const text = ["BEGIN:VCALENDAR", "VERSION:2.0", ...events, "END:VCALENDAR"].join("\r\n");
    const result = parseICalendar(text, MARCH_2025);
    expect([result.events.length, result.errors.length]).toEqual([5000, 0]);
  });
});

/** Wraps VEVENT lines into a calendar; the lines may close one VEVENT and open the next. */
function calendar(...lines: string[]): string {
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", ...lines, "END:VEVENT", "END:VCALENDAR"].join(
    "\r\n",
  );
}
