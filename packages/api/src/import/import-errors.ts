/** A file format that the import parsers read. */
export type ImportFormat = "vcard" | "csv" | "icalendar";

const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  vcard: "vCard (.vcf)",
  csv: "CSV",
  icalendar: "iCalendar (.ics)",
};

/**
 * A whole file that cannot be imported: it is not the format it claims to be, is too large,
 * or cannot be parsed at all. Problems with single records are `ImportIssue`s instead.
 */
export class ImportFileError extends Error {
  override readonly name = "ImportFileError";

  constructor(
    readonly format: ImportFormat,
    problem: string,
  ) {
    super(`Not a valid ${FORMAT_NAMES[format]} file: ${problem}`);
  }
}

/**
 * A problem with one record of a file. The reason states whether the record was skipped or
 * imported with one value ignored or read differently.
 */
export interface ImportIssue {
  /** 1-based record number: the vCard, the CSV row (the header is row 1) or the VEVENT. */
  readonly position: number;
  /** Plain-English reason that starts with the record, e.g. "card 3: missing FN and N: …". */
  readonly reason: string;
}
