import ICAL from "ical.js";
import { z } from "zod";

import { readEventRecord, type EventRecord } from "./icalendar-event-record";
import { collectSeries, EventCollector, groupSeries, type ImportedEvent } from "./icalendar-expansion";
import { ImportFileError, type ImportIssue } from "./import-errors";
import { DEFAULT_MAX_OCCURRENCES, MAX_IMPORT_RECORDS } from "./import-limits";
import { readImportText, type ImportInput } from "./import-text";
import { isIanaTimeZone } from "./zoned-time";

/** Events read from an iCalendar file, the events skipped, and an issue for each event that could not be read. */
export interface ICalendarImportResult {
  /** Events and occurrences that start inside the range, in order of start, then of position. */
  readonly events: readonly ImportedEvent[];
  readonly skipped: {
    /** Cancelled series (counted once each) and cancelled overridden occurrences. */
    readonly cancelled: number;
    /** Single events and overrides starting outside the range, and series with no occurrence of their own inside it. */
    readonly outOfRange: number;
  };
  readonly errors: readonly ImportIssue[];
}

export const icalendarImportOptionsSchema = z
  .object({
    /** Start of the range, inclusive: events and occurrences starting earlier are skipped. */
    rangeStart: z.date({ error: "must be a valid Date" }),
    /** End of the range, exclusive. */
    rangeEnd: z.date({ error: "must be a valid Date" }),
    /** IANA zone that floating times (no TZID, no "Z") are read in; UTC when absent. */
    defaultTimeZone: z
      .string()
      .refine(isIanaTimeZone, "must be an IANA time zone name such as Europe/Berlin")
      .optional(),
    /** Maximum number of occurrences imported from one recurring series. */
    maxOccurrences: z.int().min(1).max(MAX_IMPORT_RECORDS).default(DEFAULT_MAX_OCCURRENCES),
  })
  .refine((options) => options.rangeStart < options.rangeEnd, {
    error: "must be after rangeStart",
    path: ["rangeEnd"],
  });

export type ICalendarImportOptions = z.input<typeof icalendarImportOptionsSchema>;

/**
 * Parses an iCalendar file into the events that start inside [rangeStart, rangeEnd).
 * Recurring series (RRULE, RDATE, EXDATE) are expanded to their occurrences, and a VEVENT
 * with RECURRENCE-ID replaces the occurrence it names. Cancelled series and occurrences are
 * skipped and counted. An event that cannot be read is skipped with an issue and the others
 * still parse. Throws `ImportFileError` when the file is not iCalendar, ical.js cannot parse
 * it, or it exceeds the import limits, and a `ZodError` when the options are invalid.
 */
export function parseICalendar(input: ImportInput, options: ICalendarImportOptions): ICalendarImportResult {
  const settings = icalendarImportOptionsSchema.parse(options);
  const components = readVEvents(readImportText(input, "icalendar"));
  const errors: ImportIssue[] = [];

  const records: EventRecord[] = [];
  components.forEach((component, index) => {
    const record = readEventRecord(component, index + 1, settings.defaultTimeZone, errors);
    if (record !== null) records.push(record);
  });

  const collector = new EventCollector(settings, errors);
  for (const series of groupSeries(records, errors).values()) {
    collectSeries(series, collector);
  }

  const events = collector.events.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.position - b.position,
  );
  return {
    events,
    skipped: { cancelled: collector.cancelled, outOfRange: collector.outOfRange },
    errors: errors.sort((a, b) => a.position - b.position),
  };
}

/** Returns the VEVENTs of every VCALENDAR in the file, in file order. */
function readVEvents(text: string): ICAL.Component[] {
  const firstLine = (/^\s*([^\r\n]*)/.exec(text)?.[1] ?? "").trim();
  if (firstLine.toUpperCase() !== "BEGIN:VCALENDAR") {
    throw new ImportFileError(
      "icalendar",
      `it must start with BEGIN:VCALENDAR but starts with "${firstLine.slice(0, 40)}". Export the calendar as .ics and try again.`,
    );
  }

  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    throw new ImportFileError(
      "icalendar",
      `${error.message}. Export the calendar again, or check the file in another calendar program.`,
    );
  }

  const calendars: unknown[] = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed];
  const events = calendars.flatMap((jCal) => {
    if (!Array.isArray(jCal)) return [];
    const component = new ICAL.Component(jCal);
    return component.name === "vcalendar" ? component.getAllSubcomponents("vevent") : [];
  });

  if (events.length > MAX_IMPORT_RECORDS) {
    throw new ImportFileError(
      "icalendar",
      `it contains more than ${MAX_IMPORT_RECORDS} events. Split it into smaller files.`,
    );
  }
  return events;
}
