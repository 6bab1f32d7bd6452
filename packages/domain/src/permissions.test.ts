import { describe, expect, it } from "vitest";

import { DomainError } from "./field-errors";
import {
  assertCanManageStaff,
  assertCanModifyInteraction,
  canManageStaff,
  canManageUsers,
  canModifyInteraction,
} from "./permissions";

const owner = { userId: "owner", role: "member" } as const;
const other = { userId: "other", role: "member" } as const;
const admin = { userId: "admin", role: "admin" } as const;
const logged = { ownerUserId: "owner" };

describe("canModifyInteraction", () => {
  it("allows the owner", () => {
    expect(canModifyInteraction(owner, logged)).toBe(true);
  });

  it("allows an admin", () => {
    expect(canModifyInteraction(admin, logged)).toBe(true);
  });

  it("refuses another member", () => {
    expect(canModifyInteraction(other, logged)).toBe(false);
  });
});

describe("assertCanModifyInteraction", () => {
  it("throws FORBIDDEN for another member", () => {
    expect(() => {
      assertCanModifyInteraction(other, logged);
    }).toThrow(
      new DomainError(
        "FORBIDDEN",
        "only the user who logged this interaction or an admin may change or delete it",
      ),
    );
  });

  it("passes for the owner", () => {
    expect(() => {
      assertCanModifyInteraction(owner, logged);
    }).not.toThrow();
  });
});

describe("staff and user management", () => {
  it("allows an admin to manage staff", () => {
    expect(canManageStaff(admin)).toBe(true);
  });

  it("refuses a member to manage staff", () => {
    expect(canManageStaff(owner)).toBe(false);
  });

  it("refuses a member to manage users", () => {
    expect(canManageUsers(owner)).toBe(false);
  });

  it("allows an admin to manage users", () => {
    expect(canManageUsers(admin)).toBe(true);
  });

  it("throws FORBIDDEN when a member manages staff", () => {
    expect(() => {
      assertCanManageStaff(owner);
    }).toThrow(DomainError);
  });
});
