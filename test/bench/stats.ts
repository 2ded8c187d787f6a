/** Small statistics helpers for the benchmarks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i], i);
      }
    }),
  );
  return results;
}

/** One measurement: how many items were done, in how much wall time, at what CPU cost (user + system). */
export interface Sample {
  items: number;
  seconds: number;
  cpuUs: number;
}

/** Items per second of wall time. */
export const perSecond = (sample: Sample): number => sample.items / sample.seconds;
/** CPU microseconds per item. */
export const cpuUsPerItem = (sample: Sample): number => sample.cpuUs / sample.items;

/**
 * Runs `pass` (which returns how many items it did) once, and again until `minMs` have gone by,
 * so that a short pass is not timed alone.
 */
export async function timed(pass: () => number | Promise<number>, minMs = 0): Promise<Sample> {
  global.gc?.();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let items = 0;
  let elapsedNs = 0n;
  do {
    items += await pass();
    elapsedNs = process.hrtime.bigint() - start;
  } while (elapsedNs < BigInt(minMs) * 1_000_000n);
  const used = process.cpuUsage(cpu);
  return { items, seconds: Number(elapsedNs) / 1e9, cpuUs: used.user + used.system };
}
