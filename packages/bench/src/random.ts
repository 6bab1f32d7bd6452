/**
 * A seeded source of numbers in [0, 1): mulberry32, 32 bits of state. Small
 * and fast, and the same seed gives the same sequence on every machine, which
 * is all a data generator needs (it is not for anything secret).
 */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws a whole number in [0, count). */
export function randomIndex(random: Random, count: number): number {
  return Math.floor(random() * count);
}

/** Draws one item of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[randomIndex(random, items.length)];
  if (item === undefined) throw new Error("pick: the list is empty; pass at least one item.");
  return item;
}

/**
 * Draws ranks 0..count-1 with probability proportional to 1 / (rank + 1)^exponent:
 * rank 0 is the most frequent. The cumulative weights are built once, and each
 * draw is a binary search over them.
 */
export function zipfSampler(count: number, exponent: number): (random: Random) => number {
  if (count < 1) throw new RangeError(`zipfSampler: count is ${count}; pass at least 1.`);
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank += 1) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }

  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? total) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/**
 * Builds a UUIDv7 for a time, with the random bits drawn from `random`, so a
 * seed reproduces the ids too. Ids drawn in time order sort in time order.
 */
export function uuidv7At(random: Random, ms: number): string {
  const time = Math.floor(ms).toString(16).padStart(12, "0");
  const randomHex = (digits: number) => {
    let text = "";
    for (let index = 0; index < digits; index += 1) text += randomIndex(random, 16).toString(16);
    return text;
  };
  const variant = (8 + randomIndex(random, 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomHex(3)}-${variant}${randomHex(3)}-${randomHex(12)}`;
}
