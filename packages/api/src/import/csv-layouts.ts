import { z } from "zod";

import { ImportFileError } from "./import-errors";

/** The column layout a CSV file was read with: a known export, generic names, or the caller's mapping. */
export type CsvLayout = "google" | "outlook" | "generic" | "custom";

const columnName = z.string().trim().min(1, "must name a column of the header row");
const columnNames = z.union([columnName, z.array(columnName).min(1, "must name at least one column")]);

/**
 * Mapping from contact fields to header columns, for CSV layouts that are not recognised.
 * Column names are matched to the header ignoring case and surrounding spaces.
 */
export const csvColumnMappingSchema = z
  .strictObject({
    name: columnName.optional(),
    firstName: columnName.optional(),
    lastName: columnName.optional(),
    email: columnNames.optional(),
    phone: columnNames.optional(),
    company: columnName.optional(),
    title: columnName.optional(),
    department: columnName.optional(),
    notes: columnName.optional(),
  })
  .refine(
    (mapping) => mapping.name ?? mapping.firstName ?? mapping.lastName ?? mapping.email,
    "must name at least one of the name, firstName, lastName or email columns",
  );

export type CsvColumnMapping = z.input<typeof csvColumnMappingSchema>;

/** Column indexes that a contact's fields are read from; null when the file has no such column. */
export interface CsvColumnPlan {
  readonly layout: CsvLayout;
  /** Full name column, used when not blank. */
  readonly fullName: number | null;
  /** Name part columns (prefix, first, middle, last, suffix) joined when the full name is blank. */
  readonly nameParts: readonly number[];
  readonly emails: readonly number[];
  readonly phones: readonly number[];
  readonly company: number | null;
  readonly title: number | null;
  readonly department: number | null;
  readonly notes: number | null;
}

const LISTED_HEADERS_MAX = 20;

/**
 * Chooses the columns to read: from `mapping` when given, else by recognising the header of a
 * Google Contacts, Outlook or generic export. Throws `ImportFileError` when a mapped column is
 * not in the header or the header is not recognised; the message lists the columns found.
 */
export function planColumns(header: readonly string[], mapping?: CsvColumnMapping): CsvColumnPlan {
  const columns = new HeaderColumns(header);
  if (mapping !== undefined) return planMappedColumns(columns, csvColumnMappingSchema.parse(mapping));

  const plan = planGoogleColumns(columns) ?? planOutlookColumns(columns) ?? planGenericColumns(columns);
  if (plan === null) {
    throw new ImportFileError(
      "csv",
      `the header row has no recognised name or email column (found ${columns.describe()}). Pass a column mapping that names the columns to read.`,
    );
  }
  return plan;
}

function planGoogleColumns(columns: HeaderColumns): CsvColumnPlan | null {
  const emails = columns.matching(/^e-mail \d+ - value$/);
  if (emails.length === 0 && !(columns.has("given name") && columns.has("family name"))) return null;

  return {
    layout: "google",
    fullName: columns.find("name"),
    nameParts: columns.findAll([
      "name prefix",
      "given name",
      "first name",
      "additional name",
      "middle name",
      "family name",
      "last name",
      "name suffix",
    ]),
    emails,
    phones: columns.matching(/^phone \d+ - value$/),
    company: columns.find("organization 1 - name", "organization name"),
    title: columns.find("organization 1 - title", "organization title"),
    department: columns.find("organization 1 - department", "organization department"),
    notes: columns.find("notes"),
  };
}

function planOutlookColumns(columns: HeaderColumns): CsvColumnPlan | null {
  const emails = columns.findAll(["e-mail address", "e-mail 2 address", "e-mail 3 address"]);
  const hasOutlookOnlyColumn = columns.has("job title") || columns.has("business phone");
  if (
    emails.length === 0 &&
    !(columns.has("first name") && columns.has("last name") && hasOutlookOnlyColumn)
  ) {
    return null;
  }

  // Outlook lists phones alphabetically; the primary and mobile numbers are the likeliest to reach the person.
  const preferredPhones = columns.findAll(["primary phone", "mobile phone", "business phone"]);
  const otherPhones = columns
    .matching(/(^|\s)phone( \d+)?$/)
    .filter((index) => !preferredPhones.includes(index));
  return {
    layout: "outlook",
    fullName: null,
    nameParts: columns.findAll(["first name", "middle name", "last name", "suffix"]),
    emails,
    phones: [...preferredPhones, ...otherPhones],
    company: columns.find("company"),
    title: columns.find("job title"),
    department: columns.find("department"),
    notes: columns.find("notes"),
  };
}

function planGenericColumns(columns: HeaderColumns): CsvColumnPlan | null {
  const fullName = columns.findCompact("name", "fullname", "displayname", "contactname");
  const nameParts = [
    columns.findCompact("firstname", "givenname", "first"),
    columns.findCompact("lastname", "familyname", "surname", "last"),
  ].filter((index) => index !== null);
  const emails = columns.matchingCompact(/^(e?mail|emailaddress)\d*$/);
  if (fullName === null && nameParts.length === 0 && emails.length === 0) return null;

  return {
    layout: "generic",
    fullName,
    nameParts,
    emails,
    phones: columns.matchingCompact(
      /^(phone|phonenumber|telephone|tel|mobile|mobilephone|cell|cellphone|workphone|homephone)\d*$/,
    ),
    company: columns.findCompact("company", "companyname", "organization", "organisation", "org"),
    title: columns.findCompact("title", "jobtitle", "position", "role"),
    department: columns.findCompact("department", "dept"),
    notes: columns.findCompact("notes", "note", "comments", "comment"),
  };
}

function planMappedColumns(
  columns: HeaderColumns,
  mapping: z.output<typeof csvColumnMappingSchema>,
): CsvColumnPlan {
  const required = (field: string, name: string): number => {
    const index = columns.find(name.toLowerCase());
    if (index === null) {
      throw new ImportFileError(
        "csv",
        `the column mapping names "${name}" for ${field}, but the header row has no such column (found ${columns.describe()}). Correct the mapping.`,
      );
    }
    return index;
  };
  const optional = (field: string, name: string | undefined): number | null =>
    name === undefined ? null : required(field, name);
  const list = (field: string, names: string | readonly string[] | undefined): number[] =>
    names === undefined
      ? []
      : (typeof names === "string" ? [names] : names).map((name) => required(field, name));

  return {
    layout: "custom",
    fullName: optional("name", mapping.name),
    nameParts: [optional("firstName", mapping.firstName), optional("lastName", mapping.lastName)].filter(
      (index) => index !== null,
    ),
    emails: list("email", mapping.email),
    phones: list("phone", mapping.phone),
    company: optional("company", mapping.company),
    title: optional("title", mapping.title),
    department: optional("department", mapping.department),
    notes: optional("notes", mapping.notes),
  };
}

/** Header cells looked up ignoring case, or in compact form: lower case with only letters and digits. */
class HeaderColumns {
  private readonly keys: readonly string[];
  private readonly compactKeys: readonly string[];

  constructor(private readonly header: readonly string[]) {
    this.keys = header.map((cell) => cell.trim().toLowerCase());
    this.compactKeys = this.keys.map((key) => key.replace(/[^\p{L}\p{N}]/gu, ""));
  }

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** Returns the index of the first column whose key is one of `keys`, tried in order. */
  find(...keys: string[]): number | null {
    return firstIndexOf(this.keys, keys);
  }

  findCompact(...keys: string[]): number | null {
    return firstIndexOf(this.compactKeys, keys);
  }

  /** Returns the index of each of `keys` that is in the header, in the order of `keys`. */
  findAll(keys: readonly string[]): number[] {
    return keys.map((key) => this.keys.indexOf(key)).filter((index) => index >= 0);
  }

  matching(pattern: RegExp): number[] {
    return indexesMatching(this.keys, pattern);
  }

  matchingCompact(pattern: RegExp): number[] {
    return indexesMatching(this.compactKeys, pattern);
  }

  describe(): string {
    const listed = this.header.slice(0, LISTED_HEADERS_MAX).map((cell) => JSON.stringify(cell));
    const more = this.header.length - listed.length;
    return `${this.header.length === 1 ? "1 column" : `${this.header.length} columns`}: ${listed.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  }
}

function firstIndexOf(keys: readonly string[], wanted: readonly string[]): number | null {
  for (const key of wanted) {
    const index = keys.indexOf(key);
    if (index >= 0) return index;
  }
  return null;
}

function indexesMatching(keys: readonly string[], pattern: RegExp): number[] {
  return keys.flatMap((key, index) => (pattern.test(key) ? [index] : []));
}
