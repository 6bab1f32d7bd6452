import { describe, expect, it } from "vitest";

import { buildColumnMapping, mappableColumns } from "./column-mapping";

const HEADER = ["Kunde", "Vorname", "E-Post", "Firma", ""];

describe("mappableColumns", () => {
  it("drops blank names", () => {
    expect(mappableColumns(HEADER)).toEqual(["Kunde", "Vorname", "E-Post", "Firma"]);
  });

  it("lists a repeated name once", () => {
    expect(mappableColumns(["Mail", " mail ", "Name"])).toEqual(["Mail", "Name"]);
  });
});

describe("buildColumnMapping", () => {
  it("maps chosen columns", () => {
    const result = buildColumnMapping({ name: "Kunde", email: "E-Post", company: "Firma" }, HEADER);

    expect(result).toEqual({ ok: true, mapping: { name: "Kunde", email: "E-Post", company: "Firma" } });
  });

  it("leaves out fields not chosen", () => {
    const result = buildColumnMapping({ firstName: "Vorname", phone: "" }, HEADER);

    expect(result).toEqual({ ok: true, mapping: { firstName: "Vorname" } });
  });

  it("needs a name or email", () => {
    const result = buildColumnMapping({ company: "Firma" }, HEADER);

    expect(result.ok).toBe(false);
  });

  it("rejects an empty choice", () => {
    const result = buildColumnMapping({}, HEADER);

    expect(result).toEqual({
      ok: false,
      error: "Choose a column for at least one of name, first name, last name or email.",
    });
  });

  it("rejects a column not in the header", () => {
    const result = buildColumnMapping({ email: "Mail" }, HEADER);

    expect(result).toEqual({
      ok: false,
      error: 'Email: the file has no column "Mail"; choose one of its columns.',
    });
  });

  it("matches columns ignoring case", () => {
    const result = buildColumnMapping({ email: "e-post" }, HEADER);

    expect(result.ok).toBe(true);
  });
});
