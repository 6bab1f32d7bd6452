import ICAL from "ical.js";

import { isIanaTimeZone, wallClockToInstant } from "./zoned-time";

/** An iCalendar DATE or DATE-TIME value placed on the UTC time line. */
export interface ResolvedTime {
  /** The UTC instant; for a DATE value, midnight UTC of that calendar date. */
  readonly instant: Date;
  readonly allDay: boolean;
  /** IANA zone the value was written in; null for DATE, UTC and floating values without a default zone. */
  readonly timeZone: string | null;
  /** TZID that is neither defined by a VTIMEZONE nor an IANA name; the value was read in the default zone. */
  readonly unknownTimeZone?: string;
}

/**
 * Places an ical.js time on the UTC time line. `tzid` is the TZID parameter of the property
 * the time came from. Expanded occurrences pass their series' DTSTART TZID, because ical.js
 * drops the zone name of times it could not resolve.
 *
 * Zones defined by a VTIMEZONE in the file are resolved by ical.js, which looks them up in the
 * parsed VCALENDAR. That keeps each file's definitions to itself, where registering them with
 * the process-wide `ICAL.TimezoneService` would let two files that define one TZID differently
 * overwrite each other. A TZID that is an IANA name without a VTIMEZONE is resolved with the
 * time zone data of `Intl`. Floating times are read in `defaultTimeZone`, else in UTC.
 */
export function resolveTime(
  time: ICAL.Time,
  tzid: string | null,
  defaultTimeZone: string | undefined,
): ResolvedTime {
  if (time.isDate) {
    return { instant: new Date(Date.UTC(time.year, time.month - 1, time.day)), allDay: true, timeZone: null };
  }

  const zone = time.zone;
  if (zone === ICAL.Timezone.utcTimezone) {
    return { instant: new Date(time.toUnixTime() * 1000), allDay: false, timeZone: null };
  }
  if (zone !== ICAL.Timezone.localTimezone && Boolean(zone.component)) {
    return { instant: new Date(time.toUnixTime() * 1000), allDay: false, timeZone: ianaNameOf(zone.tzid) };
  }

  const named = tzid === null ? null : ianaNameOf(tzid);
  const timeZone = named ?? defaultTimeZone ?? null;
  const wall = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
  const instant =
    timeZone === null
      ? new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second))
      : wallClockToInstant(wall, timeZone);

  if (tzid !== null && named === null) return { instant, allDay: false, timeZone, unknownTimeZone: tzid };
  return { instant, allDay: false, timeZone };
}

export function isTime(value: unknown): value is ICAL.Time {
  return value instanceof ICAL.Time;
}

/**
 * Returns the IANA name a TZID stands for: the TZID itself, or the "Area/City" that ends a
 * vendor-prefixed TZID such as "/mozilla.org/20050126_1/America/New_York".
 */
function ianaNameOf(tzid: string): string | null {
  const name = tzid.trim();
  if (isIanaTimeZone(name)) return name;

  const segments = name.split("/").filter((segment) => segment !== "");
  for (let count = Math.min(3, segments.length - 1); count >= 2; count--) {
    const candidate = segments.slice(-count).join("/");
    if (isIanaTimeZone(candidate)) return candidate;
  }
  // NOTE: Windows zone names ("W. Europe Standard Time") are not mapped to IANA names.
  return null;
}
