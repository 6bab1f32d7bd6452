/**
 * Hard limits of the import parsers. They bound the memory and time that one
 * uploaded file can take before any of it reaches the database.
 */

/** Maximum size of an import file: 10 MiB of UTF-8 text. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/** Maximum number of records (vCards, CSV data rows, VEVENTs) in one file. */
export const MAX_IMPORT_RECORDS = 50_000;

/** Default maximum number of occurrences imported from one recurring series inside the range. */
export const DEFAULT_MAX_OCCURRENCES = 500;

/**
 * Maximum number of occurrences stepped through, from the series start, while looking for
 * the range. A daily series that started decades before the range stays well below it.
 * A per-minute or per-second rule does not, so it is reported instead of expanded.
 */
export const MAX_RECURRENCE_STEPS = 100_000;
