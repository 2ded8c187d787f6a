import type { LatencyPoint } from '@cirtmesh/contracts';

const MINUTE_MS = 60_000;
/** Samples kept per minute: beyond it, a uniform sample of the minute's deliveries (reservoir). */
const SAMPLES_PER_MINUTE = 1_000;

interface Minute {
  start: number;
  seen: number;
  samples: number[];
}

/**
 * The delivery latency of the alerts this node received, kept per minute for a window (an hour by
 * default) in bounded memory: what the status page charts. Clocks that differ between parties
 * read as 0, never below.
 */
export class LatencyHistory {
  private readonly minutes: Minute[] = [];

  constructor(
    readonly windowMinutes = 60,
    private readonly random: () => number = Math.random,
  ) {}

  record(createdAt: string, storedAt: string): void {
    const stored = Date.parse(storedAt);
    const latency = stored - Date.parse(createdAt);
    if (!Number.isFinite(latency)) return;
    const start = stored - (stored % MINUTE_MS);
    // Records come in store order; one stamped in a minute already closed counts in the latest.
    let minute = this.minutes.at(-1);
    if (!minute || minute.start < start) {
      minute = { start, seen: 0, samples: [] };
      this.minutes.push(minute);
      this.forget(start);
    }
    minute.seen += 1;
    const value = Math.max(0, latency);
    if (minute.samples.length < SAMPLES_PER_MINUTE) minute.samples.push(value);
    else {
      const slot = Math.floor(this.random() * minute.seen);
      if (slot < SAMPLES_PER_MINUTE) minute.samples[slot] = value;
    }
  }

  /** The minutes of the window that had deliveries, oldest first. */
  points(now: Date): LatencyPoint[] {
    this.forget(now.getTime() - (now.getTime() % MINUTE_MS));
    return this.minutes.map((m) => {
      const sorted = [...m.samples].sort((a, b) => a - b);
      const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
      return {
        minute: new Date(m.start).toISOString(),
        deliveries: m.seen,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        maxMs: sorted[sorted.length - 1],
      };
    });
  }

  /** Drops the minutes that have left the window ending with the minute starting at `current`. */
  private forget(current: number): void {
    const oldest = current - (this.windowMinutes - 1) * MINUTE_MS;
    while (this.minutes.length > 0 && this.minutes[0].start < oldest) this.minutes.shift();
  }
}
