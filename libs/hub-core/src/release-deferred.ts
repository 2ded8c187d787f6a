import { DeferredHeaders, memberOfDeferred, MeshHeaders, parseAlertEvent, Streams, Subjects } from '@cirtmesh/contracts';
import { addLogContext } from '@cirtmesh/logging';
import { PermanentMessageError, publishDurable, RetryLaterError, type IncomingMessage } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import type { DecisionLog } from './decision-log';
import { decisionRecord } from './decision-record';
import type { ReceiptRouter } from './receipts';

/**
 * Releases a delivery held back by an embargo: until the embargo lifts the message is simply
 * redelivered later; then it goes to the member's DELIVER subject and the release is recorded.
 */
export class ReleaseDeferred {
  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
    private readonly decisions: DecisionLog,
    private readonly receipts: ReceiptRouter,
    private readonly policyVersion: () => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(message: IncomingMessage): Promise<void> {
    const member = memberOfDeferred(this.hubId, message.subject);
    const notBefore = Date.parse(message.header(DeferredHeaders.notBefore) ?? '');
    const alertId = message.header(DeferredHeaders.alertId);
    if (!member || Number.isNaN(notBefore) || !alertId) {
      throw new PermanentMessageError('BAD_DEFERRED', `deferred message ${message.seq} lacks its recipient, alert id or embargo time`);
    }
    const now = this.clock();
    if (notBefore > now.getTime()) throw new RetryLaterError(notBefore - now.getTime());
    const alert = parseAlertEvent(message.data).data;
    addLogContext({ alertId, origin: alert.origin });
    await publishDurable(this.nc, Subjects.deliver(this.hubId, member), message.data, {
      msgId: `${alertId}:${member}`,
      headers: {
        [MeshHeaders.hopPath]: message.header(MeshHeaders.hopPath),
        [MeshHeaders.hopLimit]: message.header(MeshHeaders.hopLimit),
        [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
      },
      expectStream: Streams.deliver,
    });
    const lifted = {
      verdict: 'deliver' as const,
      reasons: [{ code: 'embargo-lifted', text: `the embargo lifted at ${new Date(notBefore).toISOString()}; delivered` }],
      policy: this.policyVersion(),
    };
    const record = decisionRecord(this.hubId, { ...alert, id: alertId }, { kind: 'node', id: member }, lifted, now);
    await this.decisions.record([record]);
    await this.receipts.send({ id: alertId, origin: alert.origin }, [record]);
  }
}
