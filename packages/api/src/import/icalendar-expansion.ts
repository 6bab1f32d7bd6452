import ICAL from "ical.js";

import type { EventRecord } from "./icalendar-event-record";
import type { EventDetails } from "./icalendar-event-fields";
import { resolveTime, type ResolvedTime } from "./icalendar-times";
import type { ImportIssue } from "./import-errors";
import { MAX_IMPORT_RECORDS, MAX_RECURRENCE_STEPS } from "./import-limits";

/** One event, or one occurrence of a recurring series, read from an iCalendar file. */
export interface ImportedEvent extends EventDetails {
  /** 1-based number of the VEVENT it comes from: the series master, or the override. */
  readonly position: number;
  readonly uid: string;
  /**
   * Original start of the occurrence within its series, as an ISO 8601 instant or, for an
   * all-day series, as a date (YYYY-MM-DD). It is null for an event that does not recur.
   * Together with `uid` it identifies the occurrence when the same calendar is imported again.
   */
  readonly recurrenceId: string | null;
  /** Start instant; for an all-day event, midnight UTC of its first date. */
  readonly start: Date;
  /** From DTEND or DURATION; for an all-day event, midnight UTC after its last date; null when neither is given. */
  readonly end: Date | null;
  /** IANA zone the start was written in, when known. */
  readonly timeZone: string | null;
  readonly allDay: boolean;
}

/** The VEVENTs sharing one UID: the master, if the file has it, and its overridden occurrences. */
export interface EventSeries {
  master: EventRecord | null;
  /** Overrides keyed by the instant (ms since the epoch) of their RECURRENCE-ID. */
  readonly overrides: Map<number, EventRecord>;
}

/** Settings that decide which occurrences an import keeps. */
export interface ExpansionSettings {
  readonly rangeStart: Date;
  readonly rangeEnd: Date;
  readonly defaultTimeZone?: string;
  readonly maxOccurrences: number;
}

/**
 * Groups VEVENTs by UID. A second master, or a second override of the same occurrence, is
 * skipped with an issue.
 */
export function groupSeries(
  records: readonly EventRecord[],
  errors: ImportIssue[],
): Map<string, EventSeries> {
  const series = new Map<string, EventSeries>();
  for (const record of records) {
    let entry = series.get(record.uid);
    if (entry === undefined) {
      entry = { master: null, overrides: new Map() };
      series.set(record.uid, entry);
    }

    const key = record.recurrenceId?.instant.getTime() ?? null;
    const earlier = key === null ? entry.master : entry.overrides.get(key);
    if (earlier) {
      const duplicate =
        key === null ? `UID "${record.uid}"` : `UID "${record.uid}" with the same RECURRENCE-ID`;
      errors.push({
        position: record.position,
        reason: `event ${record.position}: ${duplicate} is already used by event ${earlier.position}; skipped the event`,
      });
    } else if (key === null) {
      entry.master = record;
    } else {
      entry.overrides.set(key, record);
    }
  }
  return series;
}

/** Collects the events inside the range and counts the ones skipped. */
export class EventCollector {
  readonly events: ImportedEvent[] = [];
  cancelled = 0;
  outOfRange = 0;
  private reportedFull = false;

  constructor(
    readonly settings: ExpansionSettings,
    private readonly errors: ImportIssue[],
  ) {}

  contains(time: ResolvedTime): boolean {
    return time.instant >= this.settings.rangeStart && time.instant < this.settings.rangeEnd;
  }

  report(position: number, problem: string): void {
    this.errors.push({ position, reason: `event ${position}: ${problem}` });
  }

  add(record: EventRecord, start: ResolvedTime, recurrenceId: string | null): void {
    if (this.events.length >= MAX_IMPORT_RECORDS) {
      if (!this.reportedFull) {
        this.report(
          record.position,
          `the range contains more than ${MAX_IMPORT_RECORDS} events: imported the first ${MAX_IMPORT_RECORDS}; import a shorter range to get the rest`,
        );
        this.reportedFull = true;
      }
      return;
    }
    const startMs = start.instant.getTime();
    this.events.push({
      position: record.position,
      uid: record.uid,
      recurrenceId,
      start: start.instant,
      end: record.durationMs === null ? null : new Date(startMs + record.durationMs),
      timeZone: start.timeZone,
      allDay: start.allDay,
      ...record.details,
    });
  }
}

/**
 * Adds the events of one series that start inside the range. A cancelled master drops the
 * whole series, overrides included; a cancelled override drops one occurrence. Overrides
 * replace the occurrence they name and count as inside the range by their own (possibly moved)
 * start.
 */
export function collectSeries(series: EventSeries, collector: EventCollector): void {
  const { master, overrides } = series;
  if (master?.cancelled) {
    collector.cancelled++;
    return;
  }

  if (master?.recurring) {
    expandOccurrences(master, overrides, collector);
  } else if (master) {
    if (collector.contains(master.resolvedStart)) collector.add(master, master.resolvedStart, null);
    else collector.outOfRange++;
  }

  for (const override of overrides.values()) {
    const originalStart = override.recurrenceId ?? override.resolvedStart;
    if (override.cancelled) collector.cancelled++;
    else if (collector.contains(override.resolvedStart))
      collector.add(override, override.resolvedStart, recurrenceIdOf(originalStart));
    else collector.outOfRange++;
  }
}

/**
 * Steps through a series' occurrences (RRULE, RDATE and EXDATE, expanded by ical.js) from its
 * first start until the range ends, adding those inside the range that no override replaces.
 * A series none of whose own occurrences falls inside the range counts once as out of range.
 */
function expandOccurrences(
  master: EventRecord,
  overrides: ReadonlyMap<number, EventRecord>,
  collector: EventCollector,
): void {
  const { rangeStart, rangeEnd, defaultTimeZone, maxOccurrences } = collector.settings;
  // Only RRULE occurrences arrive in order; a set given by RDATE alone is finite and is read whole.
  const ordered = master.component.hasProperty("rrule");
  let steps = 0;
  let imported = 0;

  try {
    for (const occurrence of occurrenceTimes(master)) {
      if (++steps > MAX_RECURRENCE_STEPS) {
        collector.report(
          master.position,
          `the series needs more than ${MAX_RECURRENCE_STEPS} occurrences to reach the end of the range: imported ${imported} occurrences; import a range closer to the series start`,
        );
        break;
      }

      const start = resolveTime(occurrence, master.startTzid, defaultTimeZone);
      const at = start.instant.getTime();
      if (at >= rangeEnd.getTime() && ordered) break;
      // EXDATE is applied by ical.js too; comparing instants also catches an EXDATE written in
      // another zone than DTSTART, which ical.js compares as wall-clock times.
      if (
        at < rangeStart.getTime() ||
        at >= rangeEnd.getTime() ||
        overrides.has(at) ||
        master.excluded.has(at)
      )
        continue;

      if (imported === maxOccurrences) {
        collector.report(
          master.position,
          `the series has more than ${maxOccurrences} occurrences in the range: imported the first ${maxOccurrences}`,
        );
        break;
      }
      imported++;
      collector.add(master, start, recurrenceIdOf(start));
    }
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    collector.report(
      master.position,
      `cannot expand the recurrence rule (${error.message}): imported ${imported} occurrences`,
    );
  }

  if (imported === 0) collector.outOfRange++;
}

/**
 * Yields the start of each occurrence of a series. ical.js 2.2 leaves DTSTART out of a set
 * given by RDATE without RRULE, though RFC 5545 section 3.8.5.2 counts DTSTART as the first
 * instance, so it is yielded here.
 */
function* occurrenceTimes(master: EventRecord): Generator<ICAL.Time> {
  const expansion = new ICAL.RecurExpansion({ component: master.component, dtstart: master.start });
  const rdateOnly = !master.component.hasProperty("rrule");
  if (rdateOnly) yield master.start;

  for (let occurrence = expansion.next(); occurrence; occurrence = expansion.next()) {
    if (rdateOnly && occurrence.compare(master.start) === 0) continue;
    yield occurrence;
  }
}

function recurrenceIdOf(originalStart: ResolvedTime): string {
  const iso = originalStart.instant.toISOString();
  return originalStart.allDay ? iso.slice(0, 10) : iso;
}
