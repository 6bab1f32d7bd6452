import { describe, expect, test } from "vitest";

import { isIanaTimeZone, wallClockToInstant } from "./zoned-time";

const wall = (text: string) => {
  const [date = "", time = ""] = text.split("T");
  const [year = 0, month = 0, day = 0] = date.split("-").map(Number);
  const [hour = 0, minute = 0, second = 0] = time.split(":").map(Number);
  return { year, month, day, hour, minute, second };
};

describe("wallClockToInstant", () => {
  test("Berlin before the spring change is UTC+1", () => {
    expect(wallClockToInstant(wall("2025-03-29T10:00:00"), "Europe/Berlin").toISOString()).toBe(
      "2025-03-29T09:00:00.000Z",
    );
  });

  test("Berlin after the spring change is UTC+2", () => {
    expect(wallClockToInstant(wall("2025-03-30T10:00:00"), "Europe/Berlin").toISOString()).toBe(
      "2025-03-30T08:00:00.000Z",
    );
  });

  test("Berlin just after the autumn change is UTC+1", () => {
    expect(wallClockToInstant(wall("2025-10-26T04:00:00"), "Europe/Berlin").toISOString()).toBe(
      "2025-10-26T03:00:00.000Z",
    );
  });

  test("skipped time uses the offset before the gap", () => {
    expect(wallClockToInstant(wall("2025-03-09T02:30:00"), "America/New_York").toISOString()).toBe(
      "2025-03-09T07:30:00.000Z",
    );
  });

  test("repeated time in New York is the first one", () => {
    expect(wallClockToInstant(wall("2025-11-02T01:30:00"), "America/New_York").toISOString()).toBe(
      "2025-11-02T05:30:00.000Z",
    );
  });

  test("repeated time in Berlin is the first one", () => {
    expect(wallClockToInstant(wall("2025-10-26T02:30:00"), "Europe/Berlin").toISOString()).toBe(
      "2025-10-26T00:30:00.000Z",
    );
  });

  test("zone east of UTC with a half-hour offset", () => {
    expect(wallClockToInstant(wall("2025-01-15T09:00:00"), "Asia/Kolkata").toISOString()).toBe(
      "2025-01-15T03:30:00.000Z",
    );
  });
});

describe("isIanaTimeZone", () => {
  test.each(["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC"])("accepts %s", (name) => {
    expect(isIanaTimeZone(name)).toBe(true);
  });

  test.each(["Mars/Olympus_Mons", "+05:00", "W. Europe Standard Time", ""])("rejects %j", (name) => {
    expect(isIanaTimeZone(name)).toBe(false);
  });
});
