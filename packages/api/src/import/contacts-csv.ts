import Papa from "papaparse";

import { planColumns, type CsvColumnMapping, type CsvColumnPlan, type CsvLayout } from "./csv-layouts";
import { ImportFileError, type ImportIssue } from "./import-errors";
import { MAX_IMPORT_RECORDS } from "./import-limits";
import { readImportText, type ImportInput } from "./import-text";
import { normaliseContact, type ContactFields, type ImportedContact } from "./imported-contact";

/** Contacts read from a CSV file, the layout its columns were read with, and the rows skipped. */
export interface CsvImportResult {
  readonly layout: CsvLayout;
  readonly contacts: readonly ImportedContact[];
  readonly errors: readonly ImportIssue[];
}

export interface CsvImportOptions {
  /** Columns to read; without it the layout is recognised from the header row. */
  readonly mapping?: CsvColumnMapping;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Separates several values in one cell: Google writes " ::: ", other tools a comma or semicolon. */
const EMAIL_SEPARATOR = /\s*(?::::|[,;])\s*/;
const PHONE_SEPARATOR = /\s*:::\s*/;

/**
 * Parses a CSV export of contacts with a header row. The delimiter (comma, semicolon, tab or
 * bar) is detected, quoted fields may hold delimiters and line breaks, and blank rows are
 * skipped. A row without a name or an email, with a broken quote, or with more fields than
 * the header is skipped with an issue. Throws `ImportFileError` when the header is not
 * recognised and no mapping is given, a mapped column is missing, or the file exceeds the
 * import limits.
 */
export function parseContactsCsv(input: ImportInput, options: CsvImportOptions = {}): CsvImportResult {
  const text = readImportText(input, "csv");

  // Parsed without papaparse's header mode so that every record keeps its row number and
  // a header with repeated or blank column names still lines up with its data.
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: delimiterOf(text),
  });
  const [header = [], ...rows] = parsed.data;
  if (rows.length > MAX_IMPORT_RECORDS) {
    throw new ImportFileError(
      "csv",
      `it has more than ${MAX_IMPORT_RECORDS} data rows. Split it into smaller files.`,
    );
  }

  const plan = planColumns(header, options.mapping);

  const brokenRows = new Map<number, string>();
  for (const error of parsed.errors) {
    if (error.type === "Quotes" && error.row !== undefined) brokenRows.set(error.row, error.message);
  }

  const contacts: ImportedContact[] = [];
  const errors: ImportIssue[] = [];
  rows.forEach((row, index) => {
    const rowNumber = index + 2;
    const report = (problem: string): void => {
      errors.push({ position: rowNumber, reason: `row ${rowNumber}: ${problem}` });
    };

    if (row.every((cell) => cell.trim() === "")) return;

    const quoteProblem = brokenRows.get(index + 1);
    if (quoteProblem !== undefined) {
      report(`${quoteProblem.toLowerCase()}; skipped the row`);
      return;
    }
    if (row.length > header.length) {
      report(
        `has ${row.length} fields but the header has ${header.length} columns, so its values may be shifted; quote fields that contain the delimiter; skipped the row`,
      );
      return;
    }

    const label = { position: rowNumber, record: `row ${rowNumber}`, nameFields: "name and email" };
    const contact = normaliseContact(label, contactFieldsOf(row, plan), errors);
    if (contact !== null) contacts.push(contact);
  });
  return { layout: plan.layout, contacts, errors };
}

function contactFieldsOf(row: readonly string[], plan: CsvColumnPlan): ContactFields {
  const cell = (index: number | null): string => (index === null ? "" : (row[index] ?? "").trim());
  const joinedName = plan.nameParts
    .map(cell)
    .filter((part) => part !== "")
    .join(" ");
  return {
    name: cell(plan.fullName) || joinedName,
    emails: plan.emails.flatMap((index) => cell(index).split(EMAIL_SEPARATOR)),
    phones: plan.phones.flatMap((index) => cell(index).split(PHONE_SEPARATOR)),
    company: cell(plan.company),
    title: cell(plan.title),
    department: cell(plan.department),
    notes: cell(plan.notes),
  };
}

/**
 * Returns the delimiter used most often outside quotes in the header row, else a comma.
 * papaparse's own guess compares field counts over the first rows, which fails on a file
 * with one data row and a trailing line break.
 */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "\n" || character === "\r")) break;
    else if (!quoted) counts.set(character, (counts.get(character) ?? 0) + 1);
  }

  let best: string = DELIMITERS[0];
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}
