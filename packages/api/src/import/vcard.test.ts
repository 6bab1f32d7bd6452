import { describe, expect, test } from "vitest";

import { fixtureBytes, fixtureText } from "../../test/fixtures/import/read-fixture";
import { ImportFileError } from "./import-errors";
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_RECORDS } from "./import-limits";
import { parseVCards } from "./vcard";

describe("parseVCards version 3.0", () => {
  const result = parseVCards(fixtureText("contacts-v3.vcf"));
  const [zoe, bruce, chidi] = result.contacts;

  test("reads every card with a name or an email", () => {
    expect(result.contacts.map((contact) => contact.position)).toEqual([1, 2, 4]);
  });

  test("unfolds a name folded mid-word", () => {
    expect(zoe?.name).toBe("Zoë Ångström");
  });

  test("unfolds a CJK name", () => {
    expect(bruce?.name).toBe("李小龙");
  });

  test("puts the preferred email first and drops case duplicates", () => {
    expect(zoe?.emails).toEqual(["zoe@home.example", "Zoe.Angstrom@Nordlys.example"]);
  });

  test("keeps every phone, preferred first", () => {
    expect(zoe?.phones).toEqual(["+46 70 123 45 67", "+46 8 555 010 00"]);
  });

  test("splits ORG into company and department", () => {
    expect([zoe?.company, zoe?.department]).toEqual(["Nordlys AB", "Research"]);
  });

  test("reads TITLE", () => {
    expect(zoe?.title).toBe("Principal Engineer");
  });

  test("unescapes NOTE", () => {
    expect(zoe?.notes).toBe("Met at the Stockholm fair, 2023.\nPrefers email; never calls.");
  });

  test("omits absent fields", () => {
    expect(bruce).toEqual({
      position: 2,
      name: "李小龙",
      emails: ["bruce@golden-harvest.example"],
      phones: [],
      company: "Golden Harvest",
    });
  });

  test("builds the name from N without FN", () => {
    expect(chidi?.name).toBe("Chidi Okafor");
  });

  test("keeps the first spelling of a repeated email", () => {
    expect(chidi?.emails).toEqual(["chidi@example.org"]);
  });

  test("reports the card without name or email", () => {
    expect(result.errors).toEqual([
      { position: 3, reason: "card 3: missing FN and N: a contact needs a name or an email" },
    ]);
  });
});

describe("parseVCards version 4.0", () => {
  const result = parseVCards(fixtureText("contacts-v4.vcf"));
  const [bruce, jane, emailOnly, pat] = result.contacts;

  test("orders emails by PREF", () => {
    expect(bruce?.emails).toEqual(["Bruce.Lee@Example.com", "bruce@golden-harvest.example"]);
  });

  test("orders tel: URIs by PREF and strips the scheme", () => {
    expect(bruce?.phones).toEqual(["+852-5555-0101", "+852-5555-0102"]);
  });

  test("reads ORG department and TITLE", () => {
    expect([bruce?.company, bruce?.department, bruce?.title]).toEqual([
      "Golden Harvest",
      "Stunt Department",
      "Martial Artist",
    ]);
  });

  test("joins every part of N in reading order", () => {
    expect(jane?.name).toBe("Dr. Jane Q. Doe PhD");
  });

  test("keeps a card that has only an email", () => {
    expect(emailOnly).toEqual({ position: 3, name: null, emails: ["only.email@example.net"], phones: [] });
  });

  test("ignores an invalid email but keeps the card", () => {
    expect(pat?.emails).toEqual(["pat@example.com"]);
  });

  test("reports the invalid email", () => {
    expect(result.errors).toEqual([
      { position: 4, reason: 'card 4: invalid email "not-an-email": ignored that address' },
    ]);
  });
});

describe("parseVCards quoted-printable", () => {
  const result = parseVCards(fixtureBytes("contacts-quoted-printable.vcf"));
  const [zoe, francois] = result.contacts;

  test("decodes a UTF-8 name", () => {
    expect(zoe?.name).toBe("Zoë Ångström");
  });

  test("reads vCard 2.1 bare parameters", () => {
    expect(zoe?.phones).toEqual(["+46701234567", "+4685550100"]);
  });

  test("joins soft line breaks and keeps encoded line breaks", () => {
    expect(zoe?.notes).toBe("Erste Zeile\nZweite Zeile, die umbrochen wird: Grüße");
  });

  test("skips a vCard 2.1 photo without errors", () => {
    expect(result.errors).toEqual([]);
  });

  test("decodes an ISO-8859-1 name", () => {
    expect(francois?.name).toBe("François Müller");
  });

  test("decodes a structured ORG", () => {
    expect([francois?.company, francois?.department]).toEqual(["Société Générale", "Trésorerie"]);
  });
});

describe("parseVCards bytes", () => {
  test("unfolds a line folded inside a UTF-8 character", () => {
    expect(parseVCards(fixtureBytes("contacts-fold-inside-character.vcf")).contacts[0]?.name).toBe(
      "Zoë Ångström",
    );
  });

  test("decoding before unfolding would break that character", () => {
    expect(fixtureText("contacts-fold-inside-character.vcf")).toContain("\uFFFD");
  });

  test("reads UTF-16 with a byte order mark", () => {
    const text = "\uFEFFBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n";
    const bytes = new Uint8Array(text.length * 2);
    for (let index = 0; index < text.length; index++) {
      bytes[index * 2] = text.charCodeAt(index) & 0xff;
      bytes[index * 2 + 1] = text.charCodeAt(index) >> 8;
    }
    expect(parseVCards(bytes).contacts[0]?.name).toBe("Zoë");
  });

  test("reads Windows-1252 when the bytes are not UTF-8", () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("BEGIN:VCARD\r\nFN:M"),
      0xfc,
      ...new TextEncoder().encode("ller\r\nEND:VCARD\r\n"),
    ]);
    expect(parseVCards(bytes).contacts[0]?.name).toBe("Müller");
  });
});

describe("parseVCards damaged cards", () => {
  const text = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Ann Lee",
    'EMAIL;TYPE="work:ann@example.com',
    "END:VCARD",
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Bo Chen",
    "EMAIL;TYPE=work;=x:bo@example.com",
    "END:VCARD",
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Cy Diaz",
    "EMAIL:cy@example.com",
    "END:VCARD",
    "BEGIN:VCARD",
    "FN:Dee Cut",
  ].join("\r\n");
  const result = parseVCards(text);

  test("keeps the readable cards", () => {
    expect(result.contacts.map((contact) => contact.name)).toEqual(["Ann Lee", "Cy Diaz"]);
  });

  test("reports an unsplittable line", () => {
    expect(result.errors[0]?.reason).toMatch(
      /^card 1: cannot split "EMAIL;TYPE="work:ann@example.com" .*ignored the line$/,
    );
  });

  test("reports a line ical.js rejects", () => {
    expect(result.errors[1]?.reason).toMatch(/^card 2: invalid content line \(.+\); skipped the card$/);
  });

  test("reports a card cut off at the end", () => {
    expect(result.errors[2]).toEqual({
      position: 4,
      reason: "card 4: missing END:VCARD, so the card may be cut off; skipped the card",
    });
  });
});

describe("parseVCards rejected files", () => {
  test("CSV text", () => {
    expect(() => parseVCards("Name,Email\nAnn,ann@example.com\n")).toThrow(ImportFileError);
  });

  test("message names the format and the first line", () => {
    expect(() => parseVCards("Name,Email\n")).toThrow(
      'Not a valid vCard (.vcf) file: it must start with BEGIN:VCARD but starts with "Name,Email"',
    );
  });

  test("HTML page", () => {
    expect(() => parseVCards("<!DOCTYPE html><html><body>BEGIN:VCARD</body></html>")).toThrow(
      ImportFileError,
    );
  });

  test("PNG bytes", () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(() => parseVCards(png)).toThrow(/binary data/);
  });

  test("text that starts with replacement characters", () => {
    expect(() => parseVCards("\uFFFD\uFFFDBEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n")).toThrow(ImportFileError);
  });

  test("empty file", () => {
    expect(() => parseVCards(" \r\n")).toThrow(/empty/);
  });

  test("file over the size limit", () => {
    expect(() =>
      parseVCards(`BEGIN:VCARD\r\nNOTE:${"x".repeat(MAX_IMPORT_FILE_BYTES)}\r\nEND:VCARD\r\n`),
    ).toThrow(/larger than 10 MiB/);
  });

  test("file over the record limit", () => {
    const card = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n";
    expect(() => parseVCards(card.repeat(MAX_IMPORT_RECORDS + 1))).toThrow(/more than 50000 cards/);
  });
});
