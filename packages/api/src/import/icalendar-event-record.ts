import ICAL from "ical.js";

import type { ImportIssue } from "./import-errors";
import { readEventDetails, type EventDetails } from "./icalendar-event-fields";
import { isTime, resolveTime, type ResolvedTime } from "./icalendar-times";

const DAY_MS = 86_400_000;

/** One VEVENT as read once, before it is grouped into a series and expanded. */
export interface EventRecord {
  /** 1-based VEVENT number in the file. */
  readonly position: number;
  readonly uid: string;
  readonly component: ICAL.Component;
  readonly start: ICAL.Time;
  /** TZID parameter of DTSTART, which the series' expanded occurrences are read in. */
  readonly startTzid: string | null;
  readonly resolvedStart: ResolvedTime;
  /** From DTEND or DURATION; one day for an all-day event without either; else null. */
  readonly durationMs: number | null;
  /** The start of the occurrence this VEVENT overrides; null unless it has RECURRENCE-ID. */
  readonly recurrenceId: ResolvedTime | null;
  /** True for a series master with RRULE or RDATE. */
  readonly recurring: boolean;
  /** STATUS:CANCELLED. */
  readonly cancelled: boolean;
  /** Instants (ms since the epoch) removed from the series by EXDATE. */
  readonly excluded: ReadonlySet<number>;
  readonly details: EventDetails;
}

/**
 * Reads one VEVENT and appends an issue for each value it ignores. Returns null, with an
 * issue, when the VEVENT has no UID or no DTSTART, or ical.js cannot decode one of its values.
 */
export function readEventRecord(
  component: ICAL.Component,
  position: number,
  defaultTimeZone: string | undefined,
  errors: ImportIssue[],
): EventRecord | null {
  const report = (problem: string): null => {
    errors.push({ position, reason: `event ${position}: ${problem}` });
    return null;
  };

  try {
    const uid = textValueOf(component, "uid");
    if (uid === "") {
      return report(
        "missing UID: an event needs a UID so that importing the file again updates it instead of copying it; skipped the event",
      );
    }

    const startProperty = component.getFirstProperty("dtstart");
    const start = startProperty?.getFirstValue();
    if (startProperty === null || !isTime(start)) {
      return report("missing DTSTART: an event needs a start time; skipped the event");
    }
    const startTzid = tzidOf(startProperty);
    const resolvedStart = resolveTime(start, startTzid, defaultTimeZone);
    if (resolvedStart.unknownTimeZone !== undefined) {
      const readIn = resolvedStart.timeZone ?? "UTC";
      report(
        `unknown time zone "${resolvedStart.unknownTimeZone}" (no VTIMEZONE defines it and it is not an IANA name): read its times in ${readIn}`,
      );
    }

    const recurrenceIdProperty = component.getFirstProperty("recurrence-id");
    const recurrenceIdValue = recurrenceIdProperty?.getFirstValue();
    const recurrenceId =
      recurrenceIdProperty !== null && isTime(recurrenceIdValue)
        ? resolveTime(recurrenceIdValue, tzidOf(recurrenceIdProperty), defaultTimeZone)
        : null;

    return {
      position,
      uid,
      component,
      start,
      startTzid,
      resolvedStart,
      durationMs: durationOf(component, resolvedStart, defaultTimeZone, report),
      recurrenceId,
      recurring: recurrenceId === null && (component.hasProperty("rrule") || component.hasProperty("rdate")),
      cancelled: textValueOf(component, "status").toUpperCase() === "CANCELLED",
      excluded: excludedInstants(component, defaultTimeZone),
      details: readEventDetails(component),
    };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return report(`${error.message}; skipped the event`);
  }
}

function durationOf(
  component: ICAL.Component,
  start: ResolvedTime,
  defaultTimeZone: string | undefined,
  report: (problem: string) => void,
): number | null {
  const fallback = start.allDay ? DAY_MS : null;

  const endProperty = component.getFirstProperty("dtend");
  const end = endProperty?.getFirstValue();
  if (endProperty !== null && isTime(end)) {
    const durationMs =
      resolveTime(end, tzidOf(endProperty), defaultTimeZone).instant.getTime() - start.instant.getTime();
    if (durationMs >= 0) return durationMs;
    report("DTEND is before DTSTART: ignored DTEND");
    return fallback;
  }

  const duration = component.getFirstPropertyValue("duration");
  if (duration instanceof ICAL.Duration) {
    const durationMs = duration.toSeconds() * 1000;
    if (durationMs >= 0) return durationMs;
    report("DURATION is negative: ignored DURATION");
  }
  return fallback;
}

function excludedInstants(component: ICAL.Component, defaultTimeZone: string | undefined): Set<number> {
  const excluded = new Set<number>();
  for (const property of component.getAllProperties("exdate")) {
    const tzid = tzidOf(property);
    const values: unknown[] = property.getValues();
    for (const value of values) {
      if (isTime(value)) excluded.add(resolveTime(value, tzid, defaultTimeZone).instant.getTime());
    }
  }
  return excluded;
}

function tzidOf(property: ICAL.Property): string | null {
  const tzid: unknown = property.getFirstParameter("tzid");
  return typeof tzid === "string" && tzid.trim() !== "" ? tzid : null;
}

function textValueOf(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === "string" ? value.trim() : "";
}
