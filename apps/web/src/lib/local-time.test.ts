import { describe, expect, it } from "vitest";

import { fromDateTimeInputs, toDateInputValue, toTimeInputValue } from "./local-time";

describe("fromDateTimeInputs", () => {
  it("reads a date and time in the local zone", () => {
    const date = fromDateTimeInputs("2026-03-04", "10:15");
    expect(date?.getHours()).toBe(10);
    expect(date?.getMinutes()).toBe(15);
  });

  it("round-trips through the input values", () => {
    const date = new Date(2026, 2, 4, 9, 5);
    expect(fromDateTimeInputs(toDateInputValue(date), toTimeInputValue(date))?.getTime()).toBe(date.getTime());
  });

  it("refuses a date that does not exist", () => {
    expect(fromDateTimeInputs("2026-02-31", "10:00")).toBeNull();
  });

  it("refuses an empty time", () => {
    expect(fromDateTimeInputs("2026-03-04", "")).toBeNull();
  });
});
