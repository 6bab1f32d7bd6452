import { ImportFileError, type ImportFormat } from "./import-errors";
import { MAX_IMPORT_FILE_BYTES } from "./import-limits";

/**
 * An import file as text or as its raw bytes. Pass the bytes when you have them. They are
 * decoded by their byte order mark, else as UTF-8, else as Windows-1252 (the encoding of older
 * Outlook exports). vCard and iCalendar bytes are unfolded before decoding, which repairs a
 * writer that folded a line inside a multi-byte UTF-8 character.
 */
export type ImportInput = string | Uint8Array;

const SNIFFED_CHARACTERS = 1024;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;

/**
 * Returns the text of an import file without its byte order mark. Throws `ImportFileError`
 * when the file is empty, larger than `MAX_IMPORT_FILE_BYTES`, or starts with binary data or
 * with invalid UTF-8 that a decoder turned into U+FFFD.
 */
export function readImportText(input: ImportInput, format: ImportFormat): string {
  const decoded = typeof input === "string" ? checkTextSize(input, format) : decodeImportBytes(input, format);
  const text = decoded.startsWith("\uFEFF") ? decoded.slice(1) : decoded;

  if (text.trim() === "") {
    throw new ImportFileError(format, "the file is empty. Export the data again and upload the new file.");
  }
  // Replacement characters or control characters at the start mean an image, an archive or
  // text in an encoding other than UTF-8; parsing it further would only produce noise.
  if (containsBinary(text.slice(0, SNIFFED_CHARACTERS))) {
    throw new ImportFileError(
      format,
      "it starts with binary data or with bytes that are not valid UTF-8 text. Check that you chose the exported file and not an image or an archive.",
    );
  }
  return text;
}

/** Returns the lines of an import file, split at CRLF, LF or CR, with folded lines joined. */
export function unfoldLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const last = lines.length - 1;
    if ((line.startsWith(" ") || line.startsWith("\t")) && last >= 0) {
      lines[last] = `${lines[last] ?? ""}${line.slice(1)}`;
    } else {
      lines.push(line);
    }
  }
  return lines;
}

/** Returns true when a sample has U+FFFD or a control character other than tab, CR, LF and form feed. */
function containsBinary(sample: string): boolean {
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if (code === 0xfffd || code === 0x7f) return true;
    if (code < 0x20 && code !== TAB && code !== LF && code !== CR && code !== FORM_FEED) return true;
  }
  return false;
}

function checkTextSize(text: string, format: ImportFormat): string {
  // Each UTF-16 code unit takes one to three UTF-8 bytes, so only texts near the limit are encoded.
  const tooLarge =
    text.length > MAX_IMPORT_FILE_BYTES ||
    (text.length * 3 > MAX_IMPORT_FILE_BYTES &&
      new TextEncoder().encode(text).length > MAX_IMPORT_FILE_BYTES);
  if (tooLarge) throw fileTooLarge(format);
  return text;
}

function decodeImportBytes(bytes: Uint8Array, format: ImportFormat): string {
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw fileTooLarge(format);

  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);

  const unfolded = format === "csv" ? bytes : unfoldLineBytes(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(unfolded);
  } catch {
    return new TextDecoder("windows-1252").decode(unfolded);
  }
}

/**
 * Removes each line break that is followed by a space or tab, together with that whitespace
 * byte, as RFC 5545 section 3.1 and RFC 6350 section 3.2 define unfolding. Working on bytes
 * keeps a character whole when a fold splits its multi-byte sequence.
 */
function unfoldLineBytes(bytes: Uint8Array): Uint8Array {
  const unfolded = new Uint8Array(bytes.length);
  let length = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    const next = bytes[index + 1];
    if (byte === LF && (next === SPACE || next === TAB)) {
      if (length > 0 && unfolded[length - 1] === CR) length--;
      index++;
      continue;
    }
    unfolded[length++] = byte;
  }
  return unfolded.subarray(0, length);
}

function fileTooLarge(format: ImportFormat): ImportFileError {
  const mebibytes = MAX_IMPORT_FILE_BYTES / (1024 * 1024);
  return new ImportFileError(
    format,
    `the file is larger than ${mebibytes} MiB. Split it into smaller files and import each.`,
  );
}
