import { describe, expect, test } from "vitest";
import { ZodError } from "zod";

import { fixtureBytes, fixtureText } from "../../test/fixtures/import/read-fixture";
import { parseContactsCsv } from "./contacts-csv";
import { ImportFileError } from "./import-errors";
import { MAX_IMPORT_RECORDS } from "./import-limits";

describe("parseContactsCsv Google layout", () => {
  const result = parseContactsCsv(fixtureText("google-contacts.csv"));
  const [zoe, bruce] = result.contacts;

  test("detects the layout", () => {
    expect(result.layout).toBe("google");
  });

  test("splits ::: lists and drops case duplicates", () => {
    expect(zoe?.emails).toEqual(["Zoe.Angstrom@Nordlys.example", "zoe@home.example"]);
  });

  test("reads every phone column", () => {
    expect(zoe?.phones).toEqual(["+46 70 123 45 67", "+46 70 765 43 21", "+46 8 555 010 00"]);
  });

  test("reads organization, title, department and notes", () => {
    expect(zoe).toMatchObject({
      company: "Nordlys AB",
      title: "Principal Engineer",
      department: "Research",
      notes: "Met at the fair, 2023",
    });
  });

  test("joins given and family name when Name is blank", () => {
    expect(bruce?.name).toBe("Bruce Lee");
  });

  test("numbers rows counting the header as row 1", () => {
    expect(result.contacts.map((contact) => contact.position)).toEqual([2, 3]);
  });

  test("reports the row without name or email", () => {
    expect(result.errors).toEqual([
      { position: 4, reason: "row 4: missing name and email: a contact needs a name or an email" },
    ]);
  });

  test("detects the newer Google header", () => {
    const text =
      "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value\nAda,,Lovelace,Analytical Engines,Analyst,* Work,ada@example.org\n";
    const result = parseContactsCsv(text);
    expect([result.layout, result.contacts[0]?.name, result.contacts[0]?.company]).toEqual([
      "google",
      "Ada Lovelace",
      "Analytical Engines",
    ]);
  });
});

describe("parseContactsCsv Outlook layout", () => {
  const result = parseContactsCsv(fixtureBytes("outlook-contacts.csv"));
  const [chidi, mei] = result.contacts;

  test("detects the layout through a byte order mark", () => {
    expect(result.layout).toBe("outlook");
  });

  test("joins first and last name", () => {
    expect(chidi?.name).toBe("Chidi Okafor");
  });

  test("reads every email column", () => {
    expect(chidi?.emails).toEqual(["chidi@example.org", "Chidi.Okafor@Work.example"]);
  });

  test("puts the mobile phone before the business phone", () => {
    expect(chidi?.phones).toEqual(["+234 803 555 0101", "+234 1 555 0100"]);
  });

  test("keeps commas inside quoted fields", () => {
    expect(chidi?.company).toBe("Okafor & Sons, Ltd.");
  });

  test("keeps line breaks inside quoted fields", () => {
    expect(chidi?.notes).toBe("Prefers calls, not email.\nAvailable Mondays.");
  });

  test("reads department and job title", () => {
    expect([chidi?.department, chidi?.title]).toEqual(["Legal", "Counsel"]);
  });

  test("counts the multi-line record as one row", () => {
    expect(mei?.position).toBe(3);
  });

  test("skips blank rows but keeps their numbers", () => {
    expect(result.errors.map((issue) => issue.position)).toEqual([5]);
  });
});

describe("parseContactsCsv generic layout", () => {
  const result = parseContactsCsv(fixtureText("generic-contacts.csv"));

  test("detects the layout", () => {
    expect(result.layout).toBe("generic");
  });

  test("reads the lower-case columns", () => {
    expect(result.contacts[0]).toEqual({
      position: 2,
      name: "Ana Lima",
      emails: ["ana.lima@example.com.br"],
      phones: ["+55 11 5555 0101"],
      company: "Lima Consultoria",
      title: "Director",
    });
  });

  test("splits several emails in one cell", () => {
    expect(result.contacts[1]?.emails).toEqual(["tomas@example.es", "t.ruiz@example.es"]);
  });

  test("accepts a single email column", () => {
    expect(parseContactsCsv("E-mail\nann@example.com\n").contacts[0]?.emails).toEqual(["ann@example.com"]);
  });

  test("detects a tab delimiter", () => {
    expect(parseContactsCsv("name\temail\nAnn Lee\tann@example.com\n").contacts[0]?.emails).toEqual([
      "ann@example.com",
    ]);
  });
});

describe("parseContactsCsv custom mapping", () => {
  const mapping = {
    name: "Kontakt",
    email: ["E-Post", "zweite e-post"],
    phone: "Telefon",
    company: "Firma",
    department: "Abteilung",
    title: "Funktion",
    notes: "Bemerkung",
  };
  const result = parseContactsCsv(fixtureText("custom-contacts.csv"), { mapping });

  test("reports the custom layout", () => {
    expect(result.layout).toBe("custom");
  });

  test("reads the mapped columns of a semicolon file", () => {
    expect(result.contacts[0]).toEqual({
      position: 2,
      name: "Jürgen Weiß",
      emails: ["juergen.weiss@example.de", "j.weiss@privat.example"],
      phones: ["+49 30 5555 0101"],
      company: "Weiß GmbH",
      department: "Einkauf",
      title: "Leiter",
      notes: "Bitte nur vormittags; nie freitags",
    });
  });

  test("skips the blank row", () => {
    expect(result.contacts.map((contact) => contact.position)).toEqual([2, 4]);
  });

  test("joins mapped first and last names", () => {
    const result = parseContactsCsv("Vorname,Nachname\nAnna,Schmidt\n", {
      mapping: { firstName: "Vorname", lastName: "Nachname" },
    });
    expect(result.contacts[0]?.name).toBe("Anna Schmidt");
  });

  test("rejects a column missing from the header", () => {
    expect(() =>
      parseContactsCsv(fixtureText("custom-contacts.csv"), { mapping: { email: "Mail" } }),
    ).toThrow(
      /names "Mail" for email, but the header row has no such column \(found 8 columns: "Kontakt", "E-Post"/,
    );
  });

  test("rejects a mapping without name or email", () => {
    expect(() => parseContactsCsv("Firma\nACME\n", { mapping: { company: "Firma" } })).toThrow(ZodError);
  });
});

describe("parseContactsCsv rows", () => {
  test("reports a row with more fields than the header", () => {
    const result = parseContactsCsv("name,email\nAnn Lee,ann@example.com,extra\nBo Chen,bo@example.com\n");
    expect(result.errors).toEqual([
      {
        position: 2,
        reason:
          "row 2: has 3 fields but the header has 2 columns, so its values may be shifted; quote fields that contain the delimiter; skipped the row",
      },
    ]);
  });

  test("keeps the rows after a short one", () => {
    const result = parseContactsCsv("name,email,phone\nAnn Lee\nBo Chen,bo@example.com,+1 555 0100\n");
    expect(result.contacts.map((contact) => contact.name)).toEqual(["Ann Lee", "Bo Chen"]);
  });

  test("reports an unclosed quote", () => {
    const result = parseContactsCsv('name,email\nAnn Lee,ann@example.com\n"Bo Chen,bo@example.com\n');
    expect(result.errors[0]?.reason).toMatch(/^row 3: .*quote.*; skipped the row$/i);
  });

  test("reports an over-long phone and keeps the contact", () => {
    const result = parseContactsCsv(`name,phone\nAnn Lee,${"1".repeat(51)}\n`);
    expect([result.contacts[0]?.phones, result.errors[0]?.reason]).toEqual([
      [],
      `row 2: phone "${"1".repeat(51)}" is longer than 50 characters: ignored that number`,
    ]);
  });
});

describe("parseContactsCsv rejected files", () => {
  test("unknown header lists the columns found", () => {
    expect(() => parseContactsCsv(fixtureText("unknown-header.csv"))).toThrow(
      'Not a valid CSV file: the header row has no recognised name or email column (found 1 column: "Kundennummer"). Pass a column mapping that names the columns to read.',
    );
  });

  test("unknown header throws ImportFileError", () => {
    expect(() => parseContactsCsv("a,b\n1,2\n")).toThrow(ImportFileError);
  });

  test("PNG bytes", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(() => parseContactsCsv(png)).toThrow(/binary data/);
  });

  test("file over the record limit", () => {
    expect(() => parseContactsCsv(`email\n${"a@example.com\n".repeat(MAX_IMPORT_RECORDS + 1)}`)).toThrow(
      /more than 50000 data rows/,
    );
  });
});
