import { InvalidAlertEventError, MeshHeaders, parseAlertEvent, parseHopPath } from '@cirtmesh/contracts';
import { PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import type { AlertLog } from './alert-log';

/** Stores what the node's hub delivered to it. Duplicates are acknowledged and ignored. */
export class ReceiveDelivery {
  constructor(
    private readonly log: AlertLog,
    private readonly nodeId: string,
  ) {}

  async execute(message: IncomingMessage): Promise<void> {
    let event;
    try {
      event = parseAlertEvent(message.data);
    } catch (error) {
      if (error instanceof InvalidAlertEventError) throw new PermanentMessageError(error.code, error.message);
      throw error;
    }
    if (event.data.origin === this.nodeId) {
      throw new PermanentMessageError('OWN_ALERT', `alert ${event.id} originated here and must not come back`);
    }
    await this.log.appendReceived(event.data, parseHopPath(message.header(MeshHeaders.hopPath)), message.header(MeshHeaders.traceparent));
  }
}
