import type { Summary } from "./statistics";

/** A figure that is not a timing: a rate, a size, a count. */
export interface Figure {
  readonly value: number;
  readonly unit: string;
}

/** A target from the product's requirements and whether this run met it. */
export interface TargetCheck {
  readonly text: string;
  readonly met: boolean;
}

/** One line of a section's table. */
export interface ResultRow {
  readonly measure: string;
  readonly product: Summary | Figure;
  /** The naive design (or the reference named in the section) on the same input. */
  readonly naive?: Summary;
  readonly targets?: readonly TargetCheck[];
}

export interface SectionResult {
  readonly title: string;
  /** The measure and its comparison, in a sentence or two. */
  readonly about: string;
  readonly rows: readonly ResultRow[];
  /** Plans, bounds and what would move a missed target. */
  readonly notes: readonly string[];
}

export function isSummary(value: Summary | Figure): value is Summary {
  return "median" in value;
}

/** Checks a target on a timing's median or p95, in milliseconds. */
export function timingTarget(summary: Summary, statistic: "median" | "p95", limitMs: number): TargetCheck {
  const label = statistic === "median" ? "p50" : "p95";
  return { text: `${label} ≤ ${limitMs} ms`, met: summary[statistic] <= limitMs };
}

/** Checks a target on how many times faster than naive the product is, at the median. */
export function speedupTarget(product: Summary, naive: Summary, atLeast: number): TargetCheck {
  return { text: `≥ ${atLeast}× faster than naive`, met: naive.median / product.median >= atLeast };
}
