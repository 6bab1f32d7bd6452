import type { ImportFormat } from "./import-types";

/** The `accept` attribute of the import's file input. */
export const IMPORT_FILE_ACCEPT = ".vcf,.csv,.ics,text/vcard,text/csv,text/calendar";

/** The formats by filename extension, as the server reads them. */
const EXTENSION_FORMATS: Readonly<Record<string, ImportFormat>> = {
  vcf: "vcard",
  vcard: "vcard",
  csv: "csv",
  ics: "icalendar",
  ical: "icalendar",
};

export const FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  vcard: "vCard contacts",
  csv: "CSV contacts",
  icalendar: "iCalendar meetings",
};

/** Returns the format that a filename's extension names, or null when it names none that imports. */
export function importFormatOf(filename: string): ImportFormat | null {
  const dot = filename.lastIndexOf(".");
  if (dot <= 0) return null;
  return EXTENSION_FORMATS[filename.slice(dot + 1).toLowerCase()] ?? null;
}

/** Returns why a picked file cannot be imported, or null when its name is one the import reads. */
export function checkImportFile(file: { readonly name: string }): string | null {
  if (importFormatOf(file.name) !== null) return null;
  return `${file.name}: the import reads vCard (.vcf), CSV (.csv) and iCalendar (.ics) files; choose one of those.`;
}
