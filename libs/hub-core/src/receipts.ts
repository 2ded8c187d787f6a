import {
  encodeEvent,
  Streams,
  Subjects,
  toDeliveryOutcomes,
  toReceiptEvent,
  type DecisionRecord,
  type FeedbackEvent,
  type ReceiptEvent,
} from '@cirtmesh/contracts';
import { publishDurable } from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { createHash } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import type { HubView } from './hub-view';

/**
 * What goes back to an alert's origin: this hub's decision receipts, and what it relays of other
 * hubs' receipts and of recipients' feedback. It travels through the hubs between to the origin
 * node's DELIVER subject, where its inbox consumer picks it up, and to nobody else.
 */
export class ReceiptRouter {
  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: HubView,
    private readonly directory: MeshDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Sends the node-level outcomes of this hub's decisions about an alert to its origin. */
  async send(alert: { id: string; origin: string }, decisions: DecisionRecord[]): Promise<void> {
    const outcomes = toDeliveryOutcomes(decisions);
    if (outcomes.length === 0) return;
    const receipt = { alertId: alert.id, origin: alert.origin, hub: this.hub.id, outcomes };
    const event = toReceiptEvent(uuidv7(), receipt, this.clock());
    // The same decisions always make the same dedupe id, so a retried message sends one receipt.
    const signature = createHash('sha256')
      .update(outcomes.map((o) => `${o.recipient}:${o.outcome}:${o.decidedAt}`).join('|'))
      .digest('hex')
      .slice(0, 16);
    await this.towardOrigin(event, `receipt:${alert.id}:${this.hub.id}:${signature}`);
  }

  /** Publishes one step towards the origin: down to it or to its region, or up to the hub above. */
  async towardOrigin(event: ReceiptEvent | FeedbackEvent, msgId: string): Promise<void> {
    const origin = event.data.origin;
    const originRegion = this.directory.node(origin)?.region;
    if (!originRegion) return;
    let subject: string;
    let stream: string = Streams.deliver;
    if (this.hub.role === 'global') subject = Subjects.deliver(this.hub.id, originRegion);
    else if (originRegion === this.hub.id) subject = Subjects.deliver(this.hub.id, origin);
    else if (this.hub.parent) {
      subject = Subjects.ingest(this.hub.parent, this.hub.id);
      stream = Streams.ingest;
    } else return;
    await publishDurable(this.nc, subject, encodeEvent(event), { msgId, expectStream: stream });
  }
}
