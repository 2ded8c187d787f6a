import { INGEST_CONSUMER, laneConsumer, LANES, Streams, Subjects, type HubState } from '@cirtmesh/contracts';
import type { LinkWatch } from '@cirtmesh/messaging';
import type { NatsConnection, Subscription } from 'nats';
import type { HubView } from './hub-view';

/** How often a hub tells its members about itself. */
export const HUB_STATE_INTERVAL_MS = 5_000;

/**
 * Tells the hub's members how it is: its link to the hub above, what waits in its ingest stream,
 * and the hub above's own state as that one last told it. Core NATS, not stored: a member that
 * missed one hears the next a few seconds later, and a member whose link is down hears nothing,
 * which is itself the news.
 */
export class PublishHubState {
  private timer?: NodeJS.Timeout;
  private above: Omit<HubState, 'above'> | null = null;
  private subscription?: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: HubView,
    private readonly link: LinkWatch | null,
    private readonly intervalMs = HUB_STATE_INTERVAL_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.hub.parent)
      this.subscription = this.nc.subscribe(Subjects.hubState(this.hub.parent), { callback: (_e, m) => this.heard(m.data) });
    void this.publish();
    this.timer = setInterval(() => void this.publish(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  /** The state as it is now; published every interval. */
  async current(): Promise<HubState> {
    const link = this.link ? (await this.link.check(), this.link.state) : null;
    return {
      hub: this.hub.id,
      parent: this.hub.parent ?? null,
      link: link ? { up: link.up, changedAt: link.changedAt.toISOString() } : null,
      backlog: await this.backlog(),
      ...(this.hub.parent ? { above: this.above } : {}),
      at: this.clock().toISOString(),
    };
  }

  private async publish(): Promise<void> {
    try {
      if (this.nc.isClosed()) return;
      this.nc.publish(Subjects.hubState(this.hub.id), JSON.stringify(await this.current()));
    } catch {
      // the next interval tries again
    }
  }

  private heard(data: Uint8Array): void {
    try {
      const state = JSON.parse(Buffer.from(data).toString('utf8')) as HubState;
      if (state.hub !== this.hub.parent) return;
      // What this hub passes on of the hub above is that hub's own state, not what is above it.
      this.above = { hub: state.hub, parent: state.parent, link: state.link, backlog: state.backlog, at: state.at };
    } catch {
      // not a state: ignored
    }
  }

  private async backlog(): Promise<HubState['backlog']> {
    try {
      const jsm = await this.nc.jetstreamManager({ timeout: 1_500 });
      const infos = await Promise.all(LANES.map((lane) => jsm.consumers.info(Streams.ingest, laneConsumer(INGEST_CONSUMER, lane))));
      return infos.reduce((sum, i) => ({ pending: sum.pending + i.num_pending, inFlight: sum.inFlight + i.num_ack_pending }), {
        pending: 0,
        inFlight: 0,
      });
    } catch {
      return null;
    }
  }
}
