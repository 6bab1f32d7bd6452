import { describe, expect, it } from "vitest";

import { selectPrimaryMembership } from "./memberships";

const membership = (id: string, isPrimary: boolean, position: number, createdAt: string) => ({
  id,
  isPrimary,
  position,
  createdAt: new Date(createdAt),
});

describe("selectPrimaryMembership", () => {
  it("prefers the one marked primary", () => {
    const chosen = selectPrimaryMembership([
      membership("a", false, 0, "2020-01-01"),
      membership("b", true, 5, "2024-01-01"),
    ]);
    expect(chosen?.id).toBe("b");
  });

  it("falls back to the lowest position", () => {
    const chosen = selectPrimaryMembership([
      membership("a", false, 3, "2020-01-01"),
      membership("b", false, 1, "2024-01-01"),
    ]);
    expect(chosen?.id).toBe("b");
  });

  it("falls back to the oldest", () => {
    const chosen = selectPrimaryMembership([
      membership("a", false, 0, "2024-01-01"),
      membership("b", false, 0, "2020-01-01"),
    ]);
    expect(chosen?.id).toBe("b");
  });

  it("breaks a full tie by id", () => {
    const chosen = selectPrimaryMembership([
      membership("b", false, 0, "2020-01-01"),
      membership("a", false, 0, "2020-01-01"),
    ]);
    expect(chosen?.id).toBe("a");
  });

  it("returns undefined without memberships", () => {
    expect(selectPrimaryMembership<ReturnType<typeof membership>>([])).toBeUndefined();
  });
});
