/** Median, 95th percentile and spread of a set of timings, in milliseconds. */
export interface Summary {
  readonly samples: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * The value below which `fraction` of the sorted values fall, interpolating
 * linearly between the two nearest ranks (the method of most spreadsheets).
 */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) throw new RangeError("percentile: no values; take at least one sample.");
  if (fraction < 0 || fraction > 1) throw new RangeError(`percentile: fraction is ${fraction}; pass a value from 0 to 1.`);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? 0;
  const high = sorted[above] ?? low;
  return low + (high - low) * (position - below);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    median: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
}

/** Computes how many times slower the naive design is than the product at the median: naive / product. */
export function speedup(product: Summary, naive: Summary): number {
  return naive.median / product.median;
}

export interface SamplingOptions {
  /** Runs whose time is thrown away: caches, JIT and query plans settle first. */
  readonly warmUp: number;
  /** The number of timed runs wanted. */
  readonly samples: number;
  /** At least this many timed runs, however long they take. */
  readonly minSamples?: number;
  /** Stops taking samples once this much time went by, as long as minSamples were taken. */
  readonly budgetMs?: number;
}

/**
 * Times `run` with performance.now(): warm-up runs first, then timed runs
 * one after another until `samples` are taken or the budget is spent.
 * `prepare` runs before each run, untimed.
 */
export async function sample(
  run: () => Promise<unknown>,
  options: SamplingOptions,
  prepare?: () => Promise<unknown>,
): Promise<Summary> {
  for (let index = 0; index < options.warmUp; index += 1) {
    if (prepare) await prepare();
    await run();
  }

  const minSamples = Math.min(options.minSamples ?? 5, options.samples);
  const deadline = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  const timings: number[] = [];
  while (timings.length < options.samples && (timings.length < minSamples || performance.now() < deadline)) {
    if (prepare) await prepare();
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  return summarize(timings);
}
