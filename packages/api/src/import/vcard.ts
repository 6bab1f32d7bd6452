import ICAL from "ical.js";

import type { ImportIssue } from "./import-errors";
import { readImportText, unfoldLines, type ImportInput } from "./import-text";
import { normaliseContact, type ContactFields, type ImportedContact } from "./imported-contact";
import { splitVCardBlocks, toICalVCard, type VCardBlock } from "./vcard-content-lines";

/** Contacts read from a vCard file, with an issue for each card or value that was skipped. */
export interface VCardImportResult {
  readonly contacts: readonly ImportedContact[];
  readonly errors: readonly ImportIssue[];
}

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;

/** The properties that contacts are built from, and the only ones passed to ical.js. */
const IMPORTED_PROPERTIES: ReadonlySet<string> = new Set([
  "VERSION",
  "FN",
  "N",
  "ORG",
  "TITLE",
  "EMAIL",
  "TEL",
  "NOTE",
]);

/** A PREF parameter ranges from 1 (most preferred) to 100 (RFC 6350 section 5.3). */
const UNPREFERRED_RANK = 101;

/**
 * Parses a vCard file (versions 2.1, 3.0 and 4.0; many cards; folded lines; quoted-printable
 * values) into contacts. A card that cannot be read, or has neither a name nor an email, is
 * skipped with an issue and the other cards still parse. Throws `ImportFileError` when the
 * whole file is not a vCard file or exceeds the import limits.
 */
export function parseVCards(input: ImportInput): VCardImportResult {
  const text = readImportText(input, "vcard");
  const blocks = splitVCardBlocks(unfoldLines(text));

  const contacts: ImportedContact[] = [];
  const errors: ImportIssue[] = [];
  for (const block of blocks) {
    const card = readCard(block, errors);
    if (card === null) continue;

    const label = { position: block.position, record: `card ${block.position}`, nameFields: "FN and N" };
    const contact = normaliseContact(label, contactFieldsOf(card), errors);
    if (contact !== null) contacts.push(contact);
  }
  return { contacts, errors };
}

function readCard(block: VCardBlock, errors: ImportIssue[]): Component | null {
  const report = (problem: string): null => {
    errors.push({ position: block.position, reason: `card ${block.position}: ${problem}` });
    return null;
  };

  if (!block.terminated) return report("missing END:VCARD, so the card may be cut off; skipped the card");

  const card = toICalVCard(block, IMPORTED_PROPERTIES);
  for (const line of card.unreadableLines) {
    report(
      `cannot split "${line.slice(0, 60)}" into a name and a value (is a quote unclosed?): ignored the line`,
    );
  }
  try {
    const jCard: unknown = ICAL.parse(card.text);
    if (!Array.isArray(jCard)) return report("ical.js returned no card; skipped the card");
    return new ICAL.Component(jCard);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return report(`invalid content line (${error.message}); skipped the card`);
  }
}

function contactFieldsOf(card: Component): ContactFields {
  const organization = componentsOf(card.getFirstProperty("org"));
  return {
    name: textOf(card.getFirstProperty("fn")) || nameFromN(card.getFirstProperty("n")),
    emails: byPreference(card.getAllProperties("email")).map(textOf),
    phones: byPreference(card.getAllProperties("tel")).map((property) =>
      textOf(property).replace(/^tel:/i, ""),
    ),
    company: organization[0] ?? null,
    department: organization
      .slice(1)
      .filter((unit) => unit.trim() !== "")
      .join(", "),
    title: textOf(card.getFirstProperty("title")),
    notes: card
      .getAllProperties("note")
      .map(textOf)
      .filter((note) => note.trim() !== "")
      .join("\n\n"),
  };
}

/** Joins N (family; given; additional; prefix; suffix) in reading order: "Dr. Zoë Ångström". */
function nameFromN(property: Property | null): string {
  const [family = "", given = "", additional = "", prefix = "", suffix = ""] = componentsOf(property);
  return [prefix, given, additional, family, suffix].filter((part) => part.trim() !== "").join(" ");
}

/**
 * Returns the text of a single-valued property. vCard 3.0 NOTE is read by ical.js as a
 * comma-separated list, so its values are joined back with commas. ical.js 2.2 unescapes
 * "\;" only in structured values, so that escape is undone here.
 */
function textOf(property: Property | null): string {
  if (property === null) return "";
  const values: unknown[] = property.getValues();
  return values
    .map((value) => flattenText(value, ","))
    .join(",")
    .replace(/\\;/g, ";");
}

/** Returns the components of a structured value (N, ORG), each list component joined with spaces. */
function componentsOf(property: Property | null): string[] {
  if (property === null) return [];
  const value: unknown = property.getFirstValue();
  if (!Array.isArray(value)) return [flattenText(value, " ")];
  return value.map((component) => flattenText(component, " "));
}

function flattenText(value: unknown, separator: string): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => flattenText(item, separator)).join(separator);
  return typeof value === "number" ? String(value) : "";
}

/** Orders properties by PREF (vCard 4.0) or TYPE=pref (vCard 3.0), keeping file order otherwise. */
function byPreference(properties: readonly Property[]): Property[] {
  return properties
    .map((property, index) => ({ property, index, rank: preferenceRank(property) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ property }) => property);
}

function preferenceRank(property: Property): number {
  const pref = Number.parseInt(property.getFirstParameter("pref") ?? "", 10);
  if (Number.isInteger(pref) && pref >= 1) return Math.min(pref, UNPREFERRED_RANK);

  const types: unknown = property.getParameter("type");
  const typeList: unknown[] = Array.isArray(types) ? types : [types];
  return typeList.some((type) => typeof type === "string" && type.toLowerCase() === "pref")
    ? 1
    : UNPREFERRED_RANK;
}
