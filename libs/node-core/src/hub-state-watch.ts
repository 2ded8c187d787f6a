import { Subjects, type HubState, type NodeStatus } from '@cirtmesh/contracts';
import type { NatsConnection, Subscription } from 'nats';

/**
 * The node's picture of the mesh beyond its link: the state its hub publishes to its members every
 * few seconds, the latest kept with when it was heard. It comes over the leaf link, so a node
 * whose link is down keeps the last it heard, and its time says how old it is.
 */
export class HubStateWatch {
  private latest: (HubState & { receivedAt: string }) | null = null;
  private subscription?: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.subscription = this.nc.subscribe(Subjects.hubState(this.hub), { callback: (_error, message) => this.heard(message.data) });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  get state(): NodeStatus['mesh'] {
    return { hub: this.latest };
  }

  private heard(data: Uint8Array): void {
    try {
      const state = JSON.parse(Buffer.from(data).toString('utf8')) as HubState;
      // Only the node's own hub publishes here (the broker lets no member publish on it).
      if (state?.hub !== this.hub || typeof state.at !== 'string') return;
      this.latest = { ...state, receivedAt: this.clock().toISOString() };
    } catch {
      // not a state: ignored
    }
  }
}
