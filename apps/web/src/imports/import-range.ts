import { toDateInputValue } from "../lib/local-time";

/** A calendar import's range as the form keeps it: two `YYYY-MM-DD` dates in the user's zone, both included. */
export interface RangeInputs {
  readonly from: string;
  readonly to: string;
}

export type RangeResult =
  | { readonly ok: true; readonly rangeStart: Date; readonly rangeEnd: Date }
  | { readonly ok: false; readonly error: string };

/** Returns the default range: the same day one year back, to today. */
export function defaultRangeInputs(today: Date): RangeInputs {
  const yearAgo = new Date(today);
  yearAgo.setFullYear(today.getFullYear() - 1);
  return { from: toDateInputValue(yearAgo), to: toDateInputValue(today) };
}

/**
 * Turns the form's dates into the `rangeStart` and `rangeEnd` options: from the
 * start of the first day to the end of the last, in the user's zone, since
 * the server's end is exclusive.
 */
export function rangeFromInputs(inputs: RangeInputs): RangeResult {
  const start = startOfDay(inputs.from);
  if (start === null) return { ok: false, error: "From: enter a date, such as 2025-01-31." };
  const lastDay = startOfDay(inputs.to);
  if (lastDay === null) return { ok: false, error: "To: enter a date, such as 2025-12-31." };
  if (lastDay < start) return { ok: false, error: "To: choose a date on or after the From date." };

  const end = new Date(lastDay);
  end.setDate(end.getDate() + 1);
  return { ok: true, rangeStart: start, rangeEnd: end };
}

/** Returns local midnight of a `YYYY-MM-DD` date, or null when it is not a real date. */
function startOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  // `new Date` rolls 31 February over into March, so a date that changed on the way was not a real one.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}
