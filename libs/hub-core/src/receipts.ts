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
import { PermanentMessageError, publishDurable } from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { createHash } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import type { Direction } from './direction';

/**
 * What goes back to an alert's origin: decision receipts, from the hub that decided, and
 * feedback (acks and sightings), from the recipient. Both travel through the hubs between to the
 * origin node's DELIVER subject, where its inbox consumer picks them up, and to nobody else.
 */
export class ReceiptRouter {
  private readonly role: 'regional' | 'global';
  private readonly parent: string | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
    private readonly directory: MeshDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const hub = directory.hub(hubId);
    if (!hub) throw new Error(`hub ${hubId} is not in the mesh file`);
    this.role = hub.role;
    this.parent = hub.parent;
  }

  /** Sends the node-level outcomes of this hub's decisions about an alert to its origin. */
  async send(alert: { id: string; origin: string }, decisions: DecisionRecord[]): Promise<void> {
    const outcomes = toDeliveryOutcomes(decisions);
    if (outcomes.length === 0) return;
    const receipt = { alertId: alert.id, origin: alert.origin, hub: this.hubId, outcomes };
    const event = toReceiptEvent(uuidv7(), receipt, this.clock());
    // The same decisions always make the same dedupe id, so a retried message sends one receipt.
    const signature = createHash('sha256')
      .update(outcomes.map((o) => `${o.recipient}:${o.outcome}:${o.decidedAt}`).join('|'))
      .digest('hex')
      .slice(0, 16);
    await this.route(event, `receipt:${alert.id}:${this.hubId}:${signature}`);
  }

  /** Passes on a receipt another hub sent, after checking it came the way receipts come. */
  async forward(event: ReceiptEvent, from: Direction, sender: string): Promise<void> {
    const { origin, hub } = event.data;
    const originRegion = this.directory.node(origin)?.region;
    if (!originRegion) throw new PermanentMessageError('UNKNOWN_ORIGIN', `receipt ${event.id} is for ${origin}, not a node of this mesh`);
    if (this.role === 'regional') {
      if (from === 'below') throw new PermanentMessageError('RECEIPT_FROM_MEMBER', `${sender} is a node; nodes do not send receipts`);
      if (originRegion !== this.hubId)
        throw new PermanentMessageError('RECEIPT_MISROUTED', `receipt for ${origin} came down into region ${this.hubId}`);
    } else if (hub !== sender || originRegion === sender) {
      throw new PermanentMessageError('RECEIPT_FORGED', `${sender} sent a receipt claiming hub ${hub} for ${origin}`);
    }
    await this.route(event, `receipt:${event.id}`);
  }

  /**
   * Passes feedback on towards the alert's origin, after checking that the reporting node speaks
   * only for itself (its own hub) and that it came the way feedback comes (the hubs above).
   */
  async forwardFeedback(event: FeedbackEvent, from: Direction, sender: string): Promise<void> {
    const { origin, from: reporter } = event.data;
    const originRegion = this.directory.node(origin)?.region;
    if (!originRegion) throw new PermanentMessageError('UNKNOWN_ORIGIN', `feedback ${event.id} is for ${origin}, not a node of this mesh`);
    const reporterRegion = this.directory.node(reporter)?.region;
    if (!reporterRegion)
      throw new PermanentMessageError('UNKNOWN_REPORTER', `feedback ${event.id} is from ${reporter}, not a node of this mesh`);
    if (reporter === origin)
      throw new PermanentMessageError('OWN_ALERT', `${reporter} sent feedback on its own alert ${event.data.alertId}`);
    if (this.role === 'regional') {
      if (from === 'below' && reporter !== sender) {
        throw new PermanentMessageError('FEEDBACK_FORGED', `${sender} sent feedback claiming to be from ${reporter}`);
      }
      if (from === 'above' && originRegion !== this.hubId) {
        throw new PermanentMessageError('FEEDBACK_MISROUTED', `feedback for ${origin} came down into region ${this.hubId}`);
      }
    } else if (reporterRegion !== sender || originRegion === sender) {
      throw new PermanentMessageError('FEEDBACK_FORGED', `${sender} sent feedback from ${reporter} for ${origin}`);
    }
    await this.route(event, `feedback:${event.id}`);
  }

  private async route(event: ReceiptEvent | FeedbackEvent, msgId: string): Promise<void> {
    const origin = event.data.origin;
    const originRegion = this.directory.node(origin)?.region;
    if (!originRegion) return;
    let subject: string;
    let stream: string = Streams.deliver;
    if (this.role === 'global') subject = Subjects.deliver(this.hubId, originRegion);
    else if (originRegion === this.hubId) subject = Subjects.deliver(this.hubId, origin);
    else if (this.parent) {
      subject = Subjects.ingest(this.parent, this.hubId);
      stream = Streams.ingest;
    } else return;
    await publishDurable(this.nc.jetstream(), subject, encodeEvent(event), { msgId, expectStream: stream });
  }
}
