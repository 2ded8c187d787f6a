import { InvalidAlertEventError, MeshHeaders, parseHopPath, parseMeshEvent, type MeshEvent } from '@cirtmesh/contracts';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import { checkFreshness, SignatureError, verifyAlertEvent, type Keyring, type Provenance } from '@cirtmesh/crypto';
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
    let parsed: MeshEvent;
    try {
      parsed = parseMeshEvent(message.data);
    } catch (error) {
      if (error instanceof InvalidAlertEventError) throw new PermanentMessageError(error.code, error.message);
      throw error;
    }
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
      await this.log.appendFeedback(parsed.event);
      return;
    }
    const event = parsed.event;
    if (event.data.origin === this.nodeId) {
      throw new PermanentMessageError('OWN_ALERT', `alert ${event.id} originated here and must not come back`);
    }
    let provenance: Provenance;
    try {
      provenance = verifyAlertEvent(event, this.keyring());
    } catch (error) {
      if (error instanceof SignatureError) throw new PermanentMessageError(error.code, error.message);
      throw error;
    }
    const stale = checkFreshness(event.data, this.clock(), this.maxAgeMs);
    if (stale) throw new PermanentMessageError('STALE', stale);
    await this.log.appendReceived(
      event,
      message.data,
      provenance,
      parseHopPath(message.header(MeshHeaders.hopPath)),
      message.header(MeshHeaders.traceparent),
    );
  }
}
