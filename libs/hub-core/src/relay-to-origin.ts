import type { FeedbackEvent, MeshEvent, ReceiptEvent, StoredEvent } from '@cirtmesh/contracts';
import { PermanentMessageError } from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/mesh';
import type { ArrivedFrom, HubView } from './hub-view';
import type { ReceiptRouter } from './receipts';

/**
 * Relays another hub's decision receipt, or a recipient's feedback (ack, sighting, stored notice), on towards
 * the alert's origin, after checking it came the way such messages come: a node reports only as
 * itself through its own hub; receipts come down from the hubs above, never up from a node.
 */
export class RelayToOrigin {
  constructor(
    private readonly hub: HubView,
    private readonly directory: MeshDirectory,
    private readonly router: ReceiptRouter,
  ) {}

  /**
   * `traceparent`: the context the message came with, which it carries on unchanged: a relay adds
   * its processing to the trace, not a publish of its own.
   */
  async execute(message: Exclude<MeshEvent, { kind: 'alert' }>, from: ArrivedFrom, sender: string, traceparent?: string): Promise<void> {
    if (message.kind === 'receipt') {
      this.checkReceipt(message.event, from, sender);
      await this.router.towardOrigin(message.event, `receipt:${message.event.id}`, { traceparent });
    } else if (message.kind === 'stored') {
      this.checkFromRecipient(message.event, { origin: message.event.data.origin, reporter: message.event.data.from }, from, sender);
      await this.router.towardOrigin(message.event, `stored:${message.event.id}`, { traceparent });
    } else {
      this.checkFeedback(message.event, from, sender);
      await this.router.towardOrigin(message.event, `feedback:${message.event.id}`, { traceparent });
    }
  }

  private regionOf(node: string, code: string, what: string): string {
    const region = this.directory.node(node)?.region;
    if (!region) throw new PermanentMessageError(code, `${what} ${node}, not a node of this mesh`);
    return region;
  }

  private checkReceipt(event: ReceiptEvent, from: ArrivedFrom, sender: string): void {
    const { origin, hub } = event.data;
    const originRegion = this.regionOf(origin, 'UNKNOWN_ORIGIN', `receipt ${event.id} is for`);
    if (this.hub.role === 'regional') {
      if (from === 'below') throw new PermanentMessageError('RECEIPT_FROM_MEMBER', `${sender} is a node; nodes do not send receipts`);
      if (originRegion !== this.hub.id) {
        throw new PermanentMessageError('RECEIPT_MISROUTED', `receipt for ${origin} came down into region ${this.hub.id}`);
      }
    } else if (hub !== sender || originRegion === sender) {
      throw new PermanentMessageError('RECEIPT_FORGED', `${sender} sent a receipt claiming hub ${hub} for ${origin}`);
    }
  }

  private checkFeedback(event: FeedbackEvent, from: ArrivedFrom, sender: string): void {
    this.checkFromRecipient(event, { origin: event.data.origin, reporter: event.data.from }, from, sender);
  }

  /**
   * Feedback and stored notices come from a recipient, about alerts of another node: a node
   * reports only as itself, through its own hub, and each hub passes them on only towards the origin.
   */
  private checkFromRecipient(
    event: FeedbackEvent | StoredEvent,
    { origin, reporter }: { origin: string; reporter: string },
    from: ArrivedFrom,
    sender: string,
  ): void {
    const originRegion = this.regionOf(origin, 'UNKNOWN_ORIGIN', `feedback ${event.id} is for`);
    const reporterRegion = this.regionOf(reporter, 'UNKNOWN_REPORTER', `feedback ${event.id} is from`);
    if (reporter === origin) throw new PermanentMessageError('OWN_ALERT', `${reporter} sent feedback ${event.id} on its own alert`);
    if (this.hub.role === 'regional') {
      if (from === 'below' && reporter !== sender) {
        throw new PermanentMessageError('FEEDBACK_FORGED', `${sender} sent feedback claiming to be from ${reporter}`);
      }
      if (from === 'above' && originRegion !== this.hub.id) {
        throw new PermanentMessageError('FEEDBACK_MISROUTED', `feedback for ${origin} came down into region ${this.hub.id}`);
      }
    } else if (reporterRegion !== sender || originRegion === sender) {
      throw new PermanentMessageError('FEEDBACK_FORGED', `${sender} sent feedback from ${reporter} for ${origin}`);
    }
  }
}
