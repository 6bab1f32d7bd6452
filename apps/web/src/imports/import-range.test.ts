import { describe, expect, it } from "vitest";

import { defaultRangeInputs, rangeFromInputs } from "./import-range";

describe("defaultRangeInputs", () => {
  it("spans one year to today", () => {
    expect(defaultRangeInputs(new Date(2025, 5, 15, 13, 30))).toEqual({
      from: "2024-06-15",
      to: "2025-06-15",
    });
  });
});

describe("rangeFromInputs", () => {
  it("starts at local midnight", () => {
    const result = rangeFromInputs({ from: "2025-01-01", to: "2025-01-31" });

    expect(result.ok).toBe(true);
    expect(result.ok ? result.rangeStart : null).toEqual(new Date(2025, 0, 1));
  });

  it("includes the last day", () => {
    const result = rangeFromInputs({ from: "2025-01-01", to: "2025-01-31" });

    expect(result.ok).toBe(true);
    expect(result.ok ? result.rangeEnd : null).toEqual(new Date(2025, 1, 1));
  });

  it("accepts a single day", () => {
    const result = rangeFromInputs({ from: "2025-03-05", to: "2025-03-05" });

    expect(result.ok).toBe(true);
  });

  it("rejects an end before the start", () => {
    const result = rangeFromInputs({ from: "2025-03-05", to: "2025-03-04" });

    expect(result).toEqual({ ok: false, error: "To: choose a date on or after the From date." });
  });

  it("rejects an empty start", () => {
    const result = rangeFromInputs({ from: "", to: "2025-03-04" });

    expect(result).toEqual({ ok: false, error: "From: enter a date, such as 2025-01-31." });
  });

  it("rejects 31 February", () => {
    const result = rangeFromInputs({ from: "2025-01-01", to: "2025-02-31" });

    expect(result.ok).toBe(false);
  });
});
