import { ImportFileError } from "./import-errors";
import { MAX_IMPORT_RECORDS } from "./import-limits";
import { decodeQuotedPrintable, endsWithSoftLineBreak } from "./quoted-printable";

/** The content lines of one BEGIN:VCARD … END:VCARD block, unfolded. */
export interface VCardBlock {
  /** 1-based card number in the file. */
  readonly position: number;
  readonly lines: readonly string[];
  /** False when the file ended, or the next card began, before END:VCARD. */
  readonly terminated: boolean;
}

/** A content line split into its parts (RFC 6350 section 3.3); `name` is upper case without group. */
interface ContentLine {
  readonly name: string;
  readonly parameters: readonly string[];
  readonly value: string;
}

/** Bare vCard 2.1 parameters that name an encoding rather than a TYPE. */
const BARE_ENCODINGS = new Set(["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"]);

/**
 * Splits unfolded lines into cards. Throws `ImportFileError` when the first non-blank line is
 * not BEGIN:VCARD or the file contains more than `MAX_IMPORT_RECORDS` cards. Lines outside a card
 * are ignored.
 */
export function splitVCardBlocks(lines: readonly string[]): VCardBlock[] {
  const first = lines.find((line) => line.trim() !== "") ?? "";
  if (!isMarker(first, "BEGIN")) {
    throw new ImportFileError(
      "vcard",
      `it must start with BEGIN:VCARD but starts with "${first.trim().slice(0, 40)}". Export the contacts as vCard and try again.`,
    );
  }

  const blocks: VCardBlock[] = [];
  let open: string[] | null = null;
  const close = (terminated: boolean): void => {
    if (open === null) return;
    blocks.push({ position: blocks.length + 1, lines: open, terminated });
    open = null;
  };

  for (const line of lines) {
    if (isMarker(line, "BEGIN")) {
      close(false);
      if (blocks.length >= MAX_IMPORT_RECORDS) {
        throw new ImportFileError(
          "vcard",
          `it contains more than ${MAX_IMPORT_RECORDS} cards. Split it into smaller files.`,
        );
      }
      open = [];
    } else if (isMarker(line, "END")) {
      close(true);
    } else {
      open?.push(line);
    }
  }
  close(false);
  return blocks;
}

/** A card rewritten for ical.js, and the lines of imported properties that could not be split. */
export interface ICalVCard {
  readonly text: string;
  readonly unreadableLines: readonly string[];
}

/**
 * Rewrites a card's lines into vCard text that ical.js reads, keeping only the properties in
 * `propertyNames`. Quoted-printable values are decoded (joining their soft line breaks), and
 * bare vCard 2.1 parameters such as `TEL;CELL` become `TYPE=CELL`. Lines that are not content
 * lines, such as the base64 continuation lines of a vCard 2.1 PHOTO, are dropped. Those among
 * them that start with an imported property's name are returned in `unreadableLines`.
 */
export function toICalVCard(block: VCardBlock, propertyNames: ReadonlySet<string>): ICalVCard {
  const cardLines = ["BEGIN:VCARD"];
  const unreadableLines: string[] = [];
  for (const raw of joinSoftLineBreaks(block.lines)) {
    const line = splitContentLine(raw);
    if (line === null) {
      const name = /^(?:[\w-]+\.)?([\w-]+)/.exec(raw)?.[1]?.toUpperCase() ?? "";
      if (propertyNames.has(name)) unreadableLines.push(raw);
      continue;
    }
    if (propertyNames.has(line.name)) cardLines.push(rewriteContentLine(line));
  }
  cardLines.push("END:VCARD");
  return { text: cardLines.join("\r\n"), unreadableLines };
}

function isMarker(line: string, marker: "BEGIN" | "END"): boolean {
  return line.trim().toUpperCase() === `${marker}:VCARD`;
}

function joinSoftLineBreaks(lines: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] ?? "";
    if (/QUOTED-PRINTABLE/i.test(headOf(line))) {
      while (endsWithSoftLineBreak(line) && index + 1 < lines.length) {
        index++;
        line = `${line}\n${lines[index] ?? ""}`;
      }
    }
    joined.push(line);
  }
  return joined;
}

/** Returns the part of a content line before its value: name and parameters. */
function headOf(line: string): string {
  const colon = indexOutsideQuotes(line, ":");
  return colon < 0 ? line : line.slice(0, colon);
}

function splitContentLine(line: string): ContentLine | null {
  const colon = indexOutsideQuotes(line, ":");
  if (colon < 0) return null;

  const [groupAndName = "", ...parameters] = splitOutsideQuotes(line.slice(0, colon), ";");
  const name = groupAndName
    .slice(groupAndName.lastIndexOf(".") + 1)
    .trim()
    .toUpperCase();
  return { name, parameters, value: line.slice(colon + 1) };
}

function rewriteContentLine(line: ContentLine): string {
  let quotedPrintable = false;
  let charset: string | undefined;
  const parameters: string[] = [];

  for (const parameter of line.parameters) {
    const equals = parameter.indexOf("=");
    const key = (equals < 0 ? parameter : parameter.slice(0, equals)).trim().toUpperCase();
    const value = equals < 0 ? "" : parameter.slice(equals + 1).trim();

    if (equals < 0 && key === "QUOTED-PRINTABLE") quotedPrintable = true;
    else if (equals < 0 && BARE_ENCODINGS.has(key)) continue;
    else if (equals < 0) parameters.push(`TYPE=${key}`);
    else if (key === "ENCODING" && value.toUpperCase() === "QUOTED-PRINTABLE") quotedPrintable = true;
    else if (key === "CHARSET") charset = value.replace(/^"|"$/g, "");
    else parameters.push(parameter);
  }

  // A decoded line break would end the content line, so it is written back as the "\n" escape.
  const value = quotedPrintable
    ? decodeQuotedPrintable(line.value, charset).replace(/\r\n|\r|\n/g, "\\n")
    : line.value;
  return `${line.name}${parameters.map((parameter) => `;${parameter}`).join("")}:${value}`;
}

function indexOutsideQuotes(text: string, separator: string): number {
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '"') quoted = !quoted;
    else if (character === separator && !quoted) return index;
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (
    let index = indexOutsideQuotes(rest, separator);
    index >= 0;
    index = indexOutsideQuotes(rest, separator)
  ) {
    parts.push(rest.slice(0, index));
    rest = rest.slice(index + 1);
  }
  parts.push(rest);
  return parts;
}
