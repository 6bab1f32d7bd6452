import { describe, expect, it } from "vitest";
import { z } from "zod";

import { DomainError, fieldErrorsFromZod, mergeFieldErrors, validationError } from "./field-errors";

describe("fieldErrorsFromZod", () => {
  const schema = z.object({ parties: z.array(z.object({ rawName: z.string().max(2, "too long") })) });

  it("keys errors by dotted path", () => {
    const error = schema.safeParse({ parties: [{ rawName: "a" }, { rawName: "abc" }] }).error!;
    expect(fieldErrorsFromZod(error)).toEqual({ "parties.1.rawName": ["too long"] });
  });

  it("adds a prefix", () => {
    const error = z.object({ body: z.string() }).safeParse({ body: 1 }).error!;
    expect(Object.keys(fieldErrorsFromZod(error, "changes"))).toEqual(["changes.body"]);
  });

  it("keys a root error as input", () => {
    const error = z.string().safeParse(1).error!;
    expect(Object.keys(fieldErrorsFromZod(error))).toEqual(["input"]);
  });
});

describe("validationError", () => {
  it("is a BAD_REQUEST DomainError", () => {
    expect(validationError({ a: ["x"] }).code).toBe("BAD_REQUEST");
  });

  it("names the field and problem in its message", () => {
    const error = validationError({ "parties.2.rawName": ["must be at most 255 characters"] });
    expect(error.message).toBe("parties.2.rawName: must be at most 255 characters");
  });

  it("summarises errors beyond the first three", () => {
    const error = validationError({ a: ["1"], b: ["2"], c: ["3"], d: ["4"] });
    expect(error.message).toBe("a: 1; b: 2; c: 3 (and 1 more)");
  });

  it("keeps the field errors", () => {
    expect(validationError({ a: ["1"] }).fieldErrors).toEqual({ a: ["1"] });
  });

  it("is an Error", () => {
    expect(validationError({})).toBeInstanceOf(Error);
  });
});

describe("DomainError", () => {
  it("carries its code", () => {
    expect(new DomainError("NOT_FOUND", "interaction not found").code).toBe("NOT_FOUND");
  });
});

describe("mergeFieldErrors", () => {
  it("keeps every message of a shared path", () => {
    expect(mergeFieldErrors({ a: ["1"] }, { a: ["2"], b: ["3"] })).toEqual({ a: ["1", "2"], b: ["3"] });
  });
});
