import { describe, expect, it } from "vitest";

import { contactDisplayName, staffDisplayName } from "./display-name";

describe("contactDisplayName", () => {
  it("prefers the name", () => {
    expect(contactDisplayName({ name: "Ada Lovelace", email: "ada@example.com" })).toBe("Ada Lovelace");
  });

  it("falls back to the email when the name is blank", () => {
    expect(contactDisplayName({ name: "  ", email: "ada@example.com" })).toBe("ada@example.com");
  });

  it("falls back to Unnamed", () => {
    expect(contactDisplayName({ name: null, email: null })).toBe("Unnamed");
  });
});

describe("staffDisplayName", () => {
  it("falls back to Unnamed", () => {
    expect(staffDisplayName({ name: "" })).toBe("Unnamed");
  });
});
