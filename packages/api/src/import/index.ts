export { parseContactsCsv, type CsvImportOptions, type CsvImportResult } from "./contacts-csv";
export { csvColumnMappingSchema, type CsvColumnMapping, type CsvLayout } from "./csv-layouts";
export {
  icalendarImportOptionsSchema,
  parseICalendar,
  type ICalendarImportOptions,
  type ICalendarImportResult,
} from "./icalendar";
export type { EventAttendee, EventPerson } from "./icalendar-event-fields";
export type { ImportedEvent } from "./icalendar-expansion";
export { ImportFileError, type ImportFormat, type ImportIssue } from "./import-errors";
export {
  DEFAULT_MAX_OCCURRENCES,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_RECORDS,
  MAX_RECURRENCE_STEPS,
} from "./import-limits";
export type { ImportInput } from "./import-text";
export type { ImportedContact } from "./imported-contact";
export { parseVCards, type VCardImportResult } from "./vcard";
