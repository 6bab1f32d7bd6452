import { DomainError, timeZoneSchema } from "@crm/domain";
import { z } from "zod";

import { csvColumnMappingSchema, type ImportFormat } from "../../import";

export const IMPORT_FORMATS = ["vcard", "csv", "icalendar"] as const satisfies readonly ImportFormat[];

export const importFormatSchema = z.enum(IMPORT_FORMATS, { error: "must be vcard, csv or icalendar" });

/** Options of an import. Each option applies only to the formats that its comment names. */
export const importOptionsSchema = z
  .strictObject({
    /** iCalendar: start of the range of events, inclusive. Default: one year before the end. */
    rangeStart: z.date({ error: "must be a valid date and time" }).optional(),
    /** iCalendar: end of the range of events, exclusive. Default: now. Events that have not started yet are always skipped. */
    rangeEnd: z.date({ error: "must be a valid date and time" }).optional(),
    /** iCalendar: create a contact for each attendee whose email matches no contact, staff person or user of the workspace. */
    createContacts: z.boolean({ error: "must be true or false" }).optional(),
    /** CSV: the columns to read, for a layout that is not recognised from its header. */
    csvMapping: csvColumnMappingSchema.optional(),
    /** iCalendar: the IANA zone of times written without one. Default: UTC. */
    defaultTimeZone: timeZoneSchema.optional(),
  })
  .refine((options) => !options.rangeStart || !options.rangeEnd || options.rangeStart < options.rangeEnd, {
    error: "must be after rangeStart",
    path: ["rangeEnd"],
  });

export type ImportOptions = z.input<typeof importOptionsSchema>;

/** A calendar import's range, with the defaults filled in. */
export interface ImportRange {
  readonly rangeStart: Date;
  readonly rangeEnd: Date;
}

const EXTENSION_FORMATS: Readonly<Record<string, ImportFormat>> = {
  vcf: "vcard",
  vcard: "vcard",
  csv: "csv",
  ics: "icalendar",
  ical: "icalendar",
  ifb: "icalendar",
};

const CONTENT_TYPE_FORMATS: Readonly<Record<string, ImportFormat>> = {
  "text/vcard": "vcard",
  "text/x-vcard": "vcard",
  "text/directory": "vcard",
  "text/calendar": "icalendar",
  "text/csv": "csv",
};

/** How many leading bytes are read to recognise a vCard or iCalendar file. */
const SNIFF_BYTES = 1024;

/**
 * Returns the range of a calendar import: one year back to now unless the
 * options set it. A range given by its start alone ends now.
 */
export function importRange(options: ImportOptions, now: Date): ImportRange {
  const rangeEnd = options.rangeEnd ?? now;
  const rangeStart = options.rangeStart ?? oneYearBefore(rangeEnd);
  if (rangeStart >= rangeEnd) {
    throw new DomainError("BAD_REQUEST", `options.rangeStart: must be before the end of the range, ${rangeEnd.toISOString()}`, {
      "options.rangeStart": [`must be before the end of the range, ${rangeEnd.toISOString()}`],
    });
  }
  return { rangeStart, rangeEnd };
}

/**
 * Returns the format of an import file: the one requested, else the one its
 * filename extension names, else its content type's, else the one its first
 * line announces (BEGIN:VCARD or BEGIN:VCALENDAR). The parser still checks the
 * content, so a file that is not what its name claims is rejected there.
 * Throws BAD_REQUEST when nothing names a format.
 */
export function detectImportFormat(file: {
  readonly filename: string;
  readonly contentType?: string;
  readonly content: string | Uint8Array;
  readonly format?: ImportFormat | undefined;
}): ImportFormat {
  if (file.format !== undefined) return file.format;

  const byExtension = EXTENSION_FORMATS[extensionOf(file.filename)];
  if (byExtension !== undefined) return byExtension;

  const contentType = file.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const byContentType = CONTENT_TYPE_FORMATS[contentType];
  if (byContentType !== undefined) return byContentType;

  const head = typeof file.content === "string" ? file.content.slice(0, SNIFF_BYTES) : decodeHead(file.content);
  const firstLine = head.replace(/^\uFEFF/, "").trimStart().split(/\r?\n|\r/, 1)[0]?.trim().toUpperCase() ?? "";
  if (firstLine === "BEGIN:VCARD") return "vcard";
  if (firstLine === "BEGIN:VCALENDAR") return "icalendar";

  const message = `unknown format of "${file.filename}": name the file .vcf, .csv or .ics, or pass the format`;
  throw new DomainError("BAD_REQUEST", `format: ${message}`, { format: [message] });
}

function oneYearBefore(date: Date): Date {
  const start = new Date(date);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  return start;
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot <= 0 ? "" : filename.slice(dot + 1).toLowerCase();
}

function decodeHead(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes.subarray(0, SNIFF_BYTES));
}
