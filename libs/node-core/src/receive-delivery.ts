import { assertFresh, meshEventFields, MeshHeaders, parseHopPath, parseMeshEvent } from '@cirtmesh/contracts';
import { addLogContext } from '@cirtmesh/logging';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import { verifyAlertEvent, type Keyring } from '@cirtmesh/crypto';
import type { AlertLog } from './alert-log';

/**
 * Stores what the node's hub delivered to it: alerts, and receipts and feedback for alerts it
 * sent. Duplicates are acknowledged and ignored.
 */
export class ReceiveDelivery {
  constructor(
    private readonly log: AlertLog,
    private readonly nodeId: string,
    private readonly keyring: () => Keyring,
    private readonly maxAgeMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(message: IncomingMessage): Promise<void> {
    // A payload that can never be valid, a bad signature and a stale alert throw permanent errors:
    // the transport terminates and records them.
    const parsed = parseMeshEvent(message.data);
    addLogContext(meshEventFields(parsed));
    if (parsed.kind === 'receipt') {
      if (parsed.event.data.origin !== this.nodeId) {
        throw new PermanentMessageError(
          'NOT_OUR_RECEIPT',
          `receipt ${parsed.event.id} is for ${parsed.event.data.origin}, not ${this.nodeId}`,
        );
      }
      await this.log.appendReceipt(parsed.event);
      return;
    }
    if (parsed.kind === 'feedback') {
      if (parsed.event.data.origin !== this.nodeId) {
        throw new PermanentMessageError(
          'NOT_OUR_FEEDBACK',
          `feedback ${parsed.event.id} is for ${parsed.event.data.origin}, not ${this.nodeId}`,
        );
      }
      await this.log.appendFeedback(parsed.event, 'received');
      return;
    }
    const event = parsed.event;
    if (event.data.origin === this.nodeId) {
      throw new PermanentMessageError('OWN_ALERT', `alert ${event.id} originated here and must not come back`);
    }
    const provenance = verifyAlertEvent(event, this.keyring());
    assertFresh(event.data, this.clock(), this.maxAgeMs);
    await this.log.appendReceived(
      event,
      message.data,
      provenance,
      parseHopPath(message.header(MeshHeaders.hopPath)),
      message.header(MeshHeaders.traceparent),
    );
  }
}
