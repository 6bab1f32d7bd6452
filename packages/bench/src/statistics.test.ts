import { describe, expect, test } from "vitest";

import { createRandom, uuidv7At, zipfSampler } from "./random";
import { percentile, sample, speedup, summarize } from "./statistics";

describe("percentile", () => {
  test("interpolates between ranks", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  test("the ends are the extremes", () => {
    expect(percentile([1, 5, 9], 0)).toBe(1);
    expect(percentile([1, 5, 9], 1)).toBe(9);
  });

  test("p95 of 1..100", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.95)).toBeCloseTo(95.05);
  });

  test("one value is every percentile", () => {
    expect(percentile([7], 0.95)).toBe(7);
  });

  test("no values is an error", () => {
    expect(() => percentile([], 0.5)).toThrow(/no values/);
  });
});

describe("summarize", () => {
  test("sorts before it reads percentiles", () => {
    const summary = summarize([9, 1, 5]);
    expect(summary.median).toBe(5);
    expect(summary.min).toBe(1);
    expect(summary.max).toBe(9);
    expect(summary.mean).toBe(5);
    expect(summary.samples).toBe(3);
  });
});

describe("speedup", () => {
  test("is naive over product at the median", () => {
    expect(speedup(summarize([2]), summarize([50]))).toBe(25);
  });
});

describe("sample", () => {
  test("runs warm-ups untimed, then the samples", async () => {
    let runs = 0;
    const summary = await sample(() => Promise.resolve((runs += 1)), { warmUp: 3, samples: 10 });
    expect(runs).toBe(13);
    expect(summary.samples).toBe(10);
  });

  test("stops at the budget once the minimum is taken", async () => {
    const summary = await sample(() => new Promise((resolve) => setTimeout(resolve, 5)), {
      warmUp: 0,
      samples: 1_000,
      minSamples: 4,
      budgetMs: 1,
    });
    expect(summary.samples).toBe(4);
  });

  test("prepares before every run", async () => {
    const order: string[] = [];
    await sample(
      () => Promise.resolve(order.push("run")),
      { warmUp: 1, samples: 1 },
      () => Promise.resolve(order.push("prepare")),
    );
    expect(order).toEqual(["prepare", "run", "prepare", "run"]);
  });
});

describe("createRandom", () => {
  test("a seed repeats its sequence", () => {
    const first = createRandom(42);
    const second = createRandom(42);
    expect([first(), first(), first()]).toEqual([second(), second(), second()]);
  });

  test("stays in [0, 1)", () => {
    const random = createRandom(1);
    for (let index = 0; index < 10_000; index += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe("zipfSampler", () => {
  test("rank 0 is drawn most, and about twice rank 3 at exponent 0.5", () => {
    const draw = zipfSampler(100, 0.5);
    const random = createRandom(3);
    const counts = new Array<number>(100).fill(0);
    for (let index = 0; index < 200_000; index += 1) {
      const rank = draw(random);
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    expect(Math.max(...counts)).toBe(counts[0]);
    expect((counts[0] ?? 0) / (counts[3] ?? 1)).toBeCloseTo(2, 0);
  });
});

describe("uuidv7At", () => {
  test("puts the time in the first 48 bits", () => {
    const id = uuidv7At(createRandom(1), Date.UTC(2024, 0, 1));
    expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(Date.UTC(2024, 0, 1));
    expect(id[14]).toBe("7");
  });
});
