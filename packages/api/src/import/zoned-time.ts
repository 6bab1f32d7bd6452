/**
 * Conversion of wall-clock times in an IANA time zone to UTC instants with the time zone
 * data built into `Intl`, for iCalendar files that name a zone in TZID without defining it
 * in a VTIMEZONE component.
 */

/** A local date and time as read on a clock; month is 1–12. */
export interface WallClockTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Returns true when `Intl` accepts `name` as a time zone name. Offsets such as "+05:00" are rejected. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the instant at which clocks in `timeZone` show `wall`, following RFC 5545 section
 * 3.3.5. A time that occurs twice when clocks go back is the first of the two. A time skipped
 * when clocks go forward is read with the offset in force before the change, so 02:30 on a
 * spring-forward night in New York is 07:30 UTC.
 */
export function wallClockToInstant(wall: WallClockTime, timeZone: string): Date {
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

  // The candidates are the offsets a day before and a day after, which assumes that a zone
  // changes its offset at most once within two days. A candidate is valid when it maps back to itself.
  const offsetBefore = offsetAt(wallAsUtc - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallAsUtc + DAY_MS, timeZone);
  const valid = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => wallAsUtc - offsetAt(instant, timeZone) === instant);

  if (valid.length === 0) return new Date(wallAsUtc - offsetBefore);
  return new Date(Math.min(...valid));
}

/** Returns the zone's offset from UTC in milliseconds at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);

  const wallClockMs = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return wallClockMs - wholeSeconds;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
