import type { CsvColumnMapping } from "./import-types";

/** The contact fields a CSV column can be read into, in the order the form lists them. */
export const MAPPING_FIELDS = [
  { field: "name", label: "Name" },
  { field: "firstName", label: "First name" },
  { field: "lastName", label: "Last name" },
  { field: "email", label: "Email" },
  { field: "phone", label: "Phone" },
  { field: "company", label: "Company" },
  { field: "title", label: "Title" },
  { field: "department", label: "Department" },
  { field: "notes", label: "Notes" },
] as const;

export type MappingField = (typeof MAPPING_FIELDS)[number]["field"];

/** The column chosen for each field. An empty string or a missing field reads nothing. */
export type ColumnSelection = Readonly<Partial<Record<MappingField, string>>>;

export type MappingResult =
  | { readonly ok: true; readonly mapping: CsvColumnMapping }
  | { readonly ok: false; readonly error: string };

/** Fields of which a contact needs at least one, as the server requires. */
const IDENTIFYING_FIELDS: readonly MappingField[] = ["name", "firstName", "lastName", "email"];

/**
 * Returns the header names a field can be mapped to: each non-blank name once,
 * in file order. The server matches names ignoring case and surrounding
 * spaces, so names that differ only in those would read the same column.
 */
export function mappableColumns(header: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  const columns: string[] = [];
  for (const cell of header) {
    const name = cell.trim();
    const key = name.toLowerCase();
    if (name === "" || seen.has(key)) continue;
    seen.add(key);
    columns.push(name);
  }
  return columns;
}

/**
 * Turns the form's choices into the `csvMapping` option of an import. Every
 * chosen column must be in the header, and at least one of name, first name,
 * last name or email must be chosen, or no contact could be read.
 */
export function buildColumnMapping(selection: ColumnSelection, header: readonly string[]): MappingResult {
  const columns = new Set(mappableColumns(header).map((name) => name.toLowerCase()));
  const mapping: Partial<Record<MappingField, string>> = {};

  for (const { field, label } of MAPPING_FIELDS) {
    const column = selection[field]?.trim() ?? "";
    if (column === "") continue;
    if (!columns.has(column.toLowerCase())) {
      return { ok: false, error: `${label}: the file has no column "${column}"; choose one of its columns.` };
    }
    mapping[field] = column;
  }

  if (!IDENTIFYING_FIELDS.some((field) => mapping[field] !== undefined)) {
    return { ok: false, error: "Choose a column for at least one of name, first name, last name or email." };
  }
  return { ok: true, mapping };
}
