import { describe, expect, it } from "vitest";

import { checkImportFile, importFormatOf } from "./import-formats";

describe("importFormatOf", () => {
  it("reads vCard", () => {
    expect(importFormatOf("People.VCF")).toBe("vcard");
  });

  it("reads CSV", () => {
    expect(importFormatOf("export.csv")).toBe("csv");
  });

  it("reads iCalendar", () => {
    expect(importFormatOf("calendar.ics")).toBe("icalendar");
  });

  it("rejects other extensions", () => {
    expect(importFormatOf("people.xlsx")).toBeNull();
  });

  it("rejects a name without extension", () => {
    expect(importFormatOf(".csv")).toBeNull();
  });
});

describe("checkImportFile", () => {
  it("accepts a vCard", () => {
    expect(checkImportFile({ name: "people.vcf" })).toBeNull();
  });

  it("names a rejected file", () => {
    expect(checkImportFile({ name: "page.html" })).toMatch(/^page\.html: /);
  });
});
