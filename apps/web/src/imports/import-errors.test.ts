import { describe, expect, it } from "vitest";

import { importErrorMessage } from "./import-errors";

function serverError(message: string, fieldErrors: Readonly<Record<string, readonly string[]>> | null) {
  return Object.assign(new Error(message), {
    data: { httpStatus: 400, fieldErrors },
    meta: { response: {} },
  });
}

describe("importErrorMessage", () => {
  it("names the file of a rejected file", () => {
    const error = serverError("fileId: Not a valid CSV file: it is empty.", {
      fileId: ["Not a valid CSV file: it is empty."],
    });

    expect(importErrorMessage("people.csv", error)).toBe("people.csv: Not a valid CSV file: it is empty.");
  });

  it("keeps the path of an option", () => {
    const error = serverError("x", { "options.rangeStart": ["must be before the end of the range"] });

    expect(importErrorMessage("meetings.ics", error)).toBe(
      "meetings.ics: options.rangeStart: must be before the end of the range",
    );
  });

  it("uses the message without field errors", () => {
    expect(importErrorMessage("people.vcf", serverError("Sign in again.", null))).toBe(
      "people.vcf: Sign in again.",
    );
  });

  it("says when the server is unreachable", () => {
    expect(importErrorMessage("people.vcf", new TypeError("Failed to fetch"))).toBe(
      "people.vcf: the server could not be reached. Check the connection and try again.",
    );
  });
});
