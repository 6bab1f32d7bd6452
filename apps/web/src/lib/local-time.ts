/**
 * Date and time helpers for the user's own time zone: the zone the browser
 * reports, which is also the zone `Date`'s local getters and the date and
 * time inputs use.
 */

/** Returns the IANA zone the browser runs in, such as `Europe/Berlin`. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `YYYY-MM-DD` of the instant in the user's zone, for `<input type="date">`. */
export function toDateInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:MM` of the instant in the user's zone, for `<input type="time">`. */
export function toTimeInputValue(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Returns the instant that a date input and a time input name in the user's
 * zone, or null when either is empty or not a real date or time.
 */
export function fromDateTimeInputs(dateValue: string, timeValue: string): Date | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateValue);
  const timeMatch = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(timeValue);
  if (!dateMatch || !timeMatch) return null;

  const [year, month, day] = dateMatch.slice(1, 4).map(Number) as [number, number, number];
  const [hours, minutes] = timeMatch.slice(1, 3).map(Number) as [number, number];
  const seconds = Number(timeMatch[3] ?? "0");
  const date = new Date(year, month - 1, day, hours, minutes, seconds);

  // `new Date` rolls 31 February over into March; a rolled-over date is not what was typed.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });

/** Formats a date and time in the user's zone, such as "4 Mar 2026, 10:15". */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? "unknown time" : dateTimeFormat.format(date);
}

/** Formats a date in the user's zone. */
export function formatDate(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? "unknown date" : dateFormat.format(date);
}

/** Formats the instant in another zone, for a tooltip on entries logged in that zone. */
export function formatInZone(value: Date | string, timeZone: string): string | null {
  const date = typeof value === "string" ? new Date(value) : value;
  try {
    return new Intl.DateTimeFormat(undefined, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone,
    }).format(date);
  } catch {
    return null;
  }
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
