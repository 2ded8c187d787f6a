import type { NatsConnection } from 'nats';

export interface LinkWatchOptions {
  /** The JetStream domain of the hub at the other end of the link. */
  domain: string;
  stream: string;
  /** The durable consumer this party reads there: reachable only while the link is up. */
  consumer: string;
  intervalMs?: number;
  timeoutMs?: number;
  clock?: () => Date;
}

/**
 * Whether a party's link to its hub is up, and since when: it asks the hub's server for the
 * party's own delivery consumer every few seconds, which only answers across a working link.
 */
export class LinkWatch {
  private up = false;
  private changedAt: Date;
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<boolean>;
  private readonly clock: () => Date;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: LinkWatchOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.changedAt = this.clock();
  }

  /** Checks at once, then every interval until stopped. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get state(): { up: boolean; changedAt: Date } {
    return { up: this.up, changedAt: this.changedAt };
  }

  /** Asks the hub now; a check already under way is shared, not repeated. */
  check(): Promise<boolean> {
    this.inflight ??= this.probe().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async probe(): Promise<boolean> {
    const { domain, stream, consumer, timeoutMs = 1_500 } = this.options;
    let up: boolean;
    try {
      await this.nc.jetstream({ domain, timeout: timeoutMs }).consumers.get(stream, consumer);
      up = true;
    } catch {
      up = false;
    }
    if (up !== this.up) {
      this.up = up;
      this.changedAt = this.clock();
    }
    return up;
  }
}
