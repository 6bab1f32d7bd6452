import { describe, expect, it } from "vitest";

import { readCsvFileHeader, readCsvHeader } from "./csv-header";

describe("readCsvHeader", () => {
  it("reads comma columns", () => {
    expect(readCsvHeader("Kunde,E-Post\nAda,ada@example.com\n")).toEqual(["Kunde", "E-Post"]);
  });

  it("detects semicolons", () => {
    expect(readCsvHeader("Kunde;E-Post;Ort, Land\r\n")).toEqual(["Kunde", "E-Post", "Ort, Land"]);
  });

  it("detects tabs", () => {
    expect(readCsvHeader("a\tb\tc")).toEqual(["a", "b", "c"]);
  });

  it("keeps delimiters inside quotes", () => {
    expect(readCsvHeader('"Name, full",Mail\n')).toEqual(["Name, full", "Mail"]);
  });

  it("unescapes doubled quotes", () => {
    expect(readCsvHeader('"The ""real"" name",Mail')).toEqual(['The "real" name', "Mail"]);
  });

  it("keeps line breaks inside quotes", () => {
    expect(readCsvHeader('"Notes\nmore",Mail\nx,y')).toEqual(["Notes\nmore", "Mail"]);
  });

  it("drops a byte order mark", () => {
    expect(readCsvHeader("\uFEFFName,Mail")).toEqual(["Name", "Mail"]);
  });

  it("trims names and keeps blanks", () => {
    expect(readCsvHeader(" Name , ,Mail")).toEqual(["Name", "", "Mail"]);
  });

  it("reads one column", () => {
    expect(readCsvHeader("Kundennummer\n10001\n")).toEqual(["Kundennummer"]);
  });

  it("returns nothing for an empty file", () => {
    expect(readCsvHeader("")).toEqual([]);
  });
});

describe("readCsvFileHeader", () => {
  it("reads a picked file", async () => {
    const file = new File(["Kunde;Mail\nAda;ada@example.com\n"], "people.csv", { type: "text/csv" });

    expect(await readCsvFileHeader(file)).toEqual(["Kunde", "Mail"]);
  });
});
