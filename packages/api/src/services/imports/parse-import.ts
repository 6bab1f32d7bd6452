import { fieldErrorsFromZod, validationError } from "@crm/domain";

import {
  parseContactsCsv,
  parseICalendar,
  parseVCards,
  type ImportedContact,
  type ImportedEvent,
  type ImportFormat,
  type ImportInput,
  type ImportIssue,
} from "../../import";
import { importOptionsSchema, importRange, type ImportOptions } from "./import-options";

/** A file read into records, before anything is written. */
export type ParsedImport =
  | {
      readonly format: "vcard" | "csv";
      readonly contacts: readonly ImportedContact[];
      readonly issues: readonly ImportIssue[];
    }
  | {
      readonly format: "icalendar";
      /** Events inside the range that have started already, in order of start. */
      readonly events: readonly ImportedEvent[];
      readonly skipped: { readonly cancelled: number; readonly outOfRange: number; readonly future: number };
      readonly issues: readonly ImportIssue[];
    };

/** The options of an import once checked, with the calendar range's defaults filled in. */
export interface ImportSettings {
  readonly rangeStart: Date;
  readonly rangeEnd: Date;
  readonly createContacts: boolean;
  readonly options: ImportOptions;
}

/**
 * Checks the options and parses the whole file. Throws BAD_REQUEST for invalid
 * options and `ImportFileError` for a file that cannot be imported at all.
 * Events that start at `now` or later are left out and counted as future:
 * an interaction records what happened.
 */
export function parseImport(
  format: ImportFormat,
  content: ImportInput,
  rawOptions: unknown,
  now: Date,
): { readonly parsed: ParsedImport; readonly settings: ImportSettings } {
  const checked = importOptionsSchema.safeParse(rawOptions ?? {});
  if (!checked.success) throw validationError(fieldErrorsFromZod(checked.error, "options"));
  const options = checked.data;
  const range = importRange(options, now);
  const settings: ImportSettings = { ...range, createContacts: options.createContacts ?? false, options };

  if (format === "vcard") {
    const result = parseVCards(content);
    return { parsed: { format, contacts: result.contacts, issues: result.errors }, settings };
  }
  if (format === "csv") {
    const result = parseContactsCsv(content, options.csvMapping ? { mapping: options.csvMapping } : {});
    return { parsed: { format, contacts: result.contacts, issues: result.errors }, settings };
  }

  const result = parseICalendar(content, {
    rangeStart: range.rangeStart,
    rangeEnd: range.rangeEnd,
    ...(options.defaultTimeZone === undefined ? {} : { defaultTimeZone: options.defaultTimeZone }),
  });
  const past = result.events.filter((event) => event.start < now);
  return {
    parsed: {
      format,
      events: past,
      skipped: { ...result.skipped, future: result.events.length - past.length },
      issues: result.errors,
    },
    settings,
  };
}

/** Returns the name of a record in report lines, in the words the parsers use: card 3, row 4, event 2. */
export function recordLabel(format: ImportFormat, position: number, recurrenceId?: string | null): string {
  if (format === "vcard") return `card ${position}`;
  if (format === "csv") return `row ${position}`;
  return recurrenceId ? `event ${position} (occurrence ${recurrenceId})` : `event ${position}`;
}
