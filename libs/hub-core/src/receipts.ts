import {
  encodeEvent,
  MeshHeaders,
  Streams,
  Subjects,
  toDeliveryOutcomes,
  toHandoffs,
  toReceiptEvent,
  type DecisionRecord,
  type FeedbackEvent,
  type Receipt,
  type ReceiptEvent,
  type StoredEvent,
} from '@cirtmesh/contracts';
import { publishDurable } from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { createHash } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import type { HubView } from './hub-view';

/**
 * What goes back to an alert's origin: this hub's decision receipts, and what it relays of other
 * hubs' receipts and of recipients' feedback and stored notices. It travels through the hubs between to the origin
 * node's DELIVER subject, where its inbox consumer picks it up, and to nobody else.
 */
export class ReceiptRouter {
  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: HubView,
    private readonly directory: MeshDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Sends this hub's decisions about an alert to its origin: the node-level outcomes, and its
   * hand-offs to other hubs (so the origin can trace the alert's route, hop by hop). It carries
   * the alert's trace context (`traceparent`, as the alert came with it), so its way back is in the
   * alert's trace, with no span of its own.
   */
  async send(alert: { id: string; origin: string }, decisions: DecisionRecord[], traceparent?: string): Promise<void> {
    const outcomes = toDeliveryOutcomes(decisions);
    const handoffs = toHandoffs(decisions);
    if (outcomes.length === 0 && handoffs.length === 0) return;
    const receipt: Receipt = { alertId: alert.id, origin: alert.origin, hub: this.hub.id, outcomes };
    if (handoffs.length > 0) receipt.handoffs = handoffs;
    const event = toReceiptEvent(uuidv7(), receipt, this.clock());
    // The same decisions always make the same dedupe id, so a retried message sends one receipt.
    const facts = [
      ...outcomes.map((o) => `${o.recipient}:${o.outcome}:${o.decidedAt}`),
      ...handoffs.map((h) => `>${h.to}:${h.outcome}:${h.decidedAt}`),
    ];
    const signature = createHash('sha256').update(facts.join('|')).digest('hex').slice(0, 16);
    await this.towardOrigin(event, `receipt:${alert.id}:${this.hub.id}:${signature}`, { traceparent });
  }

  /**
   * Publishes one step towards the origin: down to it or to its region, or up to the hub above.
   * It passes on the trace context it is given (`carried.traceparent`, if any), with no span of its
   * own: a receipt or a relayed message adds the processing at each hub to the alert's trace.
   */
  async towardOrigin(
    event: ReceiptEvent | FeedbackEvent | StoredEvent,
    msgId: string,
    carried?: { traceparent: string | undefined },
  ): Promise<void> {
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
    const untraced = carried ? { headers: { [MeshHeaders.traceparent]: carried.traceparent }, traced: false } : {};
    await publishDurable(this.nc, subject, encodeEvent(event), { msgId, expectStream: stream, ...untraced });
  }
}
