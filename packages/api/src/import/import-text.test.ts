import { describe, expect, test } from "vitest";

import { ImportFileError } from "./import-errors";
import { MAX_IMPORT_FILE_BYTES } from "./import-limits";
import { readImportText, unfoldLines } from "./import-text";

const encode = (text: string) => new TextEncoder().encode(text);

describe("readImportText", () => {
  test("strips a UTF-8 byte order mark from bytes", () => {
    expect(readImportText(new Uint8Array([0xef, 0xbb, 0xbf, ...encode("name\n")]), "csv")).toBe("name\n");
  });

  test("strips a byte order mark from text", () => {
    expect(readImportText("\uFEFFname\n", "csv")).toBe("name\n");
  });

  test("unfolds vCard bytes before decoding", () => {
    const bytes = new Uint8Array([...encode("FN:Zo"), 0xc3, 0x0d, 0x0a, 0x20, 0xab]);
    expect(readImportText(bytes, "vcard")).toBe("FN:Zoë");
  });

  test("leaves CSV bytes unfolded", () => {
    expect(readImportText(encode("name\r\n Ann\r\n"), "csv")).toBe("name\r\n Ann\r\n");
  });

  test("rejects text whose UTF-8 size is over the limit", () => {
    const text = "é".repeat(MAX_IMPORT_FILE_BYTES / 2 + 1);
    expect(() => readImportText(text, "csv")).toThrow(/larger than 10 MiB/);
  });

  test("accepts text at the limit", () => {
    expect(readImportText("a".repeat(MAX_IMPORT_FILE_BYTES), "csv")).toHaveLength(MAX_IMPORT_FILE_BYTES);
  });

  test("rejects bytes over the limit", () => {
    expect(() => readImportText(new Uint8Array(MAX_IMPORT_FILE_BYTES + 1).fill(0x61), "icalendar")).toThrow(
      ImportFileError,
    );
  });

  test("rejects a NUL byte near the start", () => {
    expect(() => readImportText("name\u0000email", "csv")).toThrow(/binary data/);
  });

  test("accepts a replacement character after the first kilobyte", () => {
    const text = `${"a".repeat(2000)}\uFFFD`;
    expect(readImportText(text, "csv")).toBe(text);
  });
});

describe("unfoldLines", () => {
  test("joins lines that start with a space or tab", () => {
    expect(unfoldLines("FN:Zo\r\n ë\r\nNOTE:a\n\tb\rEND")).toEqual(["FN:Zoë", "NOTE:ab", "END"]);
  });

  test("keeps a leading space on the first line", () => {
    expect(unfoldLines(" FN:A")).toEqual([" FN:A"]);
  });
});
