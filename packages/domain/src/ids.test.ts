import { describe, expect, it } from "vitest";

import { idSchema, isId } from "./ids";

describe("idSchema", () => {
  it("accepts a UUIDv7", () => {
    expect(idSchema.safeParse("01900000-0000-7000-8000-000000000001").success).toBe(true);
  });

  it("accepts a UUIDv4", () => {
    expect(idSchema.safeParse("3b241101-e2bb-4255-8caf-4136c566a962").success).toBe(true);
  });

  it("lowercases an uppercase UUID", () => {
    expect(idSchema.parse("3B241101-E2BB-4255-8CAF-4136C566A962")).toBe(
      "3b241101-e2bb-4255-8caf-4136c566a962",
    );
  });

  it("rejects a malformed id with a readable message", () => {
    expect(idSchema.safeParse("42").error?.issues[0]?.message).toBe("must be a UUID");
  });

  it("rejects a wrong variant", () => {
    expect(idSchema.safeParse("3b241101-e2bb-4255-0caf-4136c566a962").success).toBe(false);
  });

  it("rejects a non-string", () => {
    expect(idSchema.safeParse(42).error?.issues[0]?.message).toBe("must be a UUID");
  });
});

describe("isId", () => {
  it("accepts a UUID", () => {
    expect(isId("01900000-0000-7000-8000-000000000001")).toBe(true);
  });

  it("rejects a number", () => {
    expect(isId(1)).toBe(false);
  });

  it("rejects a UUID with extra text", () => {
    expect(isId("01900000-0000-7000-8000-000000000001x")).toBe(false);
  });
});
