/** Deterministic pseudo-random data for the benchmarks, so every round and store sees the same inputs. */

/** A pseudo-random sequence in [0, 1) from a seed (a linear congruential generator). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` hex digits. */
export function hex(rand: () => number, n: number): string {
  let out = '';
  while (out.length < n) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** One of `items`; repeat an item in the list to make it likelier. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** A whole number from `min` to `max`, both included. */
export function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}
