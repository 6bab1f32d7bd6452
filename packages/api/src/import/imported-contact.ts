import type { ImportIssue } from "./import-errors";

/** A contact read from a vCard or a CSV row, normalised and ready to be mapped onto a contact. */
export interface ImportedContact {
  /** 1-based record number: the card in a vCard file, the row in a CSV file (header = row 1). */
  readonly position: number;
  /** FN, else the parts of N, else first and last name; null when the record has only an email. */
  readonly name: string | null;
  /** Trimmed, deduplicated ignoring case, case kept as written; the first is the primary address. */
  readonly emails: readonly string[];
  /** Trimmed and deduplicated, as written; the first is the preferred number. */
  readonly phones: readonly string[];
  readonly company?: string;
  readonly department?: string;
  readonly title?: string;
  readonly notes?: string;
}

/** The values of one record as read from the file, before trimming, checks and deduplication. */
export interface ContactFields {
  readonly name: string | null;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly company?: string | null;
  readonly department?: string | null;
  readonly title?: string | null;
  readonly notes?: string | null;
}

/** The record's label in issues and the fields its name comes from, such as "card 3" and "FN and N". */
export interface ContactRecordLabel {
  readonly position: number;
  readonly record: string;
  readonly nameFields: string;
}

// Limits of a contact, company and membership, so that every record returned here can be saved.
const NAME_MAX = 255;
const EMAIL_MAX = 255;
const PHONE_MAX = 50;
const ORGANIZATION_FIELD_MAX = 255;

// TODO: share one email rule with the contact schema once @crm/domain exports it.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Normalises one record into an `ImportedContact`, appending an issue for each value it ignores.
 * Returns null, with an issue, when the record has neither a name nor a valid email or its name
 * is too long.
 */
export function normaliseContact(
  label: ContactRecordLabel,
  fields: ContactFields,
  issues: ImportIssue[],
): ImportedContact | null {
  const report = (problem: string): void => {
    issues.push({ position: label.position, reason: `${label.record}: ${problem}` });
  };

  const name = blankToNull(fields.name);
  if (name !== null && name.length > NAME_MAX) {
    report(`name is longer than ${NAME_MAX} characters: shorten it in the file; skipped the record`);
    return null;
  }

  const emails = normaliseEmails(fields.emails, report);
  const phones = normalisePhones(fields.phones, report);

  if (name === null && emails.length === 0) {
    report(`missing ${label.nameFields}: a contact needs a name or an email`);
    return null;
  }

  const company = organizationField("company", fields.company, report);
  const department = organizationField("department", fields.department, report);
  const title = organizationField("title", fields.title, report);
  const notes = blankToNull(fields.notes)?.replace(/\r\n?/g, "\n") ?? null;
  return {
    position: label.position,
    name,
    emails,
    phones,
    ...(company === null ? {} : { company }),
    ...(department === null ? {} : { department }),
    ...(title === null ? {} : { title }),
    ...(notes === null ? {} : { notes }),
  };
}

function normaliseEmails(raw: readonly string[], report: (problem: string) => void): string[] {
  const emails: string[] = [];
  const seen = new Set<string>();
  for (const value of raw) {
    const email = value.trim().replace(/^mailto:/i, "");
    if (email === "") continue;

    if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) {
      report(`invalid email "${email}": ignored that address`);
      continue;
    }
    const key = email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    emails.push(email);
  }
  return emails;
}

function normalisePhones(raw: readonly string[], report: (problem: string) => void): string[] {
  const phones: string[] = [];
  for (const value of raw) {
    const phone = value.trim();
    if (phone === "" || phones.includes(phone)) continue;

    if (phone.length > PHONE_MAX) {
      report(`phone "${phone}" is longer than ${PHONE_MAX} characters: ignored that number`);
      continue;
    }
    phones.push(phone);
  }
  return phones;
}

function organizationField(
  field: string,
  raw: string | null | undefined,
  report: (problem: string) => void,
): string | null {
  const value = blankToNull(raw);
  if (value !== null && value.length > ORGANIZATION_FIELD_MAX) {
    report(`${field} is longer than ${ORGANIZATION_FIELD_MAX} characters: ignored the ${field}`);
    return null;
  }
  return value;
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}
