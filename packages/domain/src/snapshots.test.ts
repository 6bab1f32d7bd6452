import { describe, expect, it } from "vitest";

import {
  buildContactSnapshot,
  buildFreeTextSnapshot,
  buildStaffSnapshot,
  formatCapturedAt,
  snapshotSchema,
} from "./snapshots";
import { ada, grace, ids, linus, NOW } from "./test-fixtures";

describe("formatCapturedAt", () => {
  it("truncates to the second in UTC", () => {
    expect(formatCapturedAt(NOW)).toBe("2026-03-01T10:15:00Z");
  });
});

describe("buildContactSnapshot", () => {
  it("takes company and role from the primary membership", () => {
    expect(buildContactSnapshot(ada, NOW)).toEqual({
      source: "contact",
      name: "Ada Lovelace",
      companyId: ids.acme,
      company: "Acme",
      roleInCompany: "CTO",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("omits the absent department", () => {
    expect(Object.keys(buildContactSnapshot(ada, NOW))).not.toContain("department");
  });

  it("omits every company field without memberships", () => {
    expect(buildContactSnapshot(grace, NOW)).toEqual({
      source: "contact",
      name: "Grace Hopper",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("uses the display name", () => {
    expect(buildContactSnapshot({ ...grace, name: null, email: "g@example.com" }, NOW).name).toBe(
      "g@example.com",
    );
  });
});

describe("buildStaffSnapshot", () => {
  it("keeps name, job title and employment type", () => {
    expect(buildStaffSnapshot(linus, NOW)).toEqual({
      source: "staff",
      name: "Linus",
      jobTitle: "Account manager",
      employmentType: "full_time",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("omits absent values", () => {
    const snapshot = buildStaffSnapshot({ ...linus, jobTitle: null, employmentType: null }, NOW);
    expect(Object.keys(snapshot).sort()).toEqual(["capturedAt", "name", "source"]);
  });
});

describe("buildFreeTextSnapshot", () => {
  it("holds only source and capturedAt", () => {
    expect(buildFreeTextSnapshot(NOW)).toEqual({ source: "free_text", capturedAt: "2026-03-01T10:15:00Z" });
  });
});

describe("snapshotSchema", () => {
  it("parses a built snapshot", () => {
    expect(snapshotSchema.safeParse(buildContactSnapshot(ada, NOW)).success).toBe(true);
  });

  it("rejects capturedAt with milliseconds", () => {
    expect(snapshotSchema.safeParse({ source: "free_text", capturedAt: NOW.toISOString() }).success).toBe(
      false,
    );
  });
});
