import { describe, expect, test } from "vitest";

import { decodeQuotedPrintable, endsWithSoftLineBreak } from "./quoted-printable";

describe("decodeQuotedPrintable", () => {
  test("decodes UTF-8 octets", () => {
    expect(decodeQuotedPrintable("Zo=C3=AB =C3=85ngstr=C3=B6m")).toBe("Zoë Ångström");
  });

  test("joins soft line breaks", () => {
    expect(decodeQuotedPrintable("Gr=C3=BC=\r\n=C3=9Fe und =\nso")).toBe("Grüße und so");
  });

  test("decodes encoded line breaks", () => {
    expect(decodeQuotedPrintable("one=0D=0Atwo")).toBe("one\r\ntwo");
  });

  test("uses the given charset", () => {
    expect(decodeQuotedPrintable("Fran=E7ois", "ISO-8859-1")).toBe("François");
  });

  test("falls back to Windows-1252 for invalid UTF-8", () => {
    expect(decodeQuotedPrintable("M=FCller")).toBe("Müller");
  });

  test("reads an unknown charset as UTF-8", () => {
    expect(decodeQuotedPrintable("=E2=82=AC", "x-unknown")).toBe("€");
  });

  test("keeps a stray equals sign", () => {
    expect(decodeQuotedPrintable("a=b =ZZ")).toBe("a=b =ZZ");
  });

  test("keeps literal characters", () => {
    expect(decodeQuotedPrintable("plain text, 李")).toBe("plain text, 李");
  });
});

describe("endsWithSoftLineBreak", () => {
  test("detects a trailing equals sign", () => {
    expect(endsWithSoftLineBreak("Gr=C3=BC=")).toBe(true);
  });

  test("ignores an encoded octet at the end", () => {
    expect(endsWithSoftLineBreak("Gr=C3=BC")).toBe(false);
  });
});
