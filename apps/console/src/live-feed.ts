import type { AlertFilter, CirtmeshClient, StoredAlert, StreamEvent } from '@cirtmesh/client';

/** How many of the latest alerts the feed shows before the live ones. */
export const SNAPSHOT_SIZE = 50;

export interface FeedListener {
  /** The latest alerts that match, newest first; comes once, before any live event. */
  snapshot(items: StoredAlert[]): void;
  /** What the live stream reports, in order: alerts, connections, drops, `overflow` and `aged-out`. */
  event(event: StreamEvent): void;
  /** The feed stopped for good: the node refused the token or the filter, or could not be reached at first. */
  failed(error: unknown): void;
}

/**
 * The latest alerts, then the live stream, with no gap and no repeat between the two. The stream
 * (`streamAlerts` of @cirtmesh/client) reads Server-Sent Events with fetch, because EventSource
 * cannot send the Authorization header, and resumes with Last-Event-ID after every drop.
 */
export class AlertFeed {
  private readonly abort = new AbortController();

  constructor(
    private readonly client: CirtmeshClient,
    private readonly filter: AlertFilter,
    private readonly listener: FeedListener,
  ) {}

  start(): void {
    this.run().catch((error: unknown) => {
      if (!this.abort.signal.aborted) this.listener.failed(error);
    });
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    // The node's newest alert of any kind, read before the snapshot: the stream resumes after
    // it, so whatever is stored while the snapshot loads comes live instead of being missed.
    const head = await this.client.listAlerts({ limit: 1 });
    const page = await this.client.listAlerts({ ...this.filter, limit: SNAPSHOT_SIZE });
    if (signal.aborted) return;
    this.listener.snapshot(page.items);
    const newest = Math.max(0, ...head.items.map((r) => r.seq), ...page.items.map((r) => r.seq));
    // A node that holds nothing has nothing to resume after: the stream starts from now.
    const lastEventId = newest > 0 ? String(newest) : undefined;
    for await (const event of this.client.stream(this.filter, { lastEventId, signal, retryFirstConnection: true })) {
      if (signal.aborted) return;
      this.listener.event(event);
    }
  }
}
