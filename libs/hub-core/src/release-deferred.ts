import { MeshHeaders, parseAlertEvent, Streams, Subjects, type DecisionRecord } from '@cirtmesh/contracts';
import { PermanentMessageError, publishDurable, RetryLaterError, type IncomingMessage } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import type { DecisionLog } from './decision-log';
import { DeferredHeaders } from './deferred';
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
    const member = message.subject.split('.').pop() ?? '';
    const notBefore = Date.parse(message.header(DeferredHeaders.notBefore) ?? '');
    const alertId = message.header(DeferredHeaders.alertId);
    if (!member || Number.isNaN(notBefore) || !alertId) {
      throw new PermanentMessageError('BAD_DEFERRED', `deferred message ${message.seq} lacks its recipient, alert id or embargo time`);
    }
    const now = this.clock();
    if (notBefore > now.getTime()) throw new RetryLaterError(notBefore - now.getTime());
    const event = parseAlertEvent(message.data);
    await publishDurable(this.nc.jetstream(), Subjects.deliver(this.hubId, member), message.data, {
      msgId: `${alertId}:${member}`,
      headers: {
        [MeshHeaders.hopPath]: message.header(MeshHeaders.hopPath),
        [MeshHeaders.hopLimit]: message.header(MeshHeaders.hopLimit),
        [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
      },
      expectStream: Streams.deliver,
    });
    const record: DecisionRecord = {
      alertId,
      origin: event.data.origin,
      hub: this.hubId,
      recipient: member,
      recipientKind: 'node',
      verdict: 'deliver',
      reasons: [{ code: 'embargo-lifted', text: `the embargo lifted at ${new Date(notBefore).toISOString()}; delivered` }],
      tlp: event.data.tlp,
      scope: event.data.scope,
      decidedAt: now.toISOString(),
      policy: this.policyVersion(),
    };
    await this.decisions.record([record]);
    await this.receipts.send({ id: alertId, origin: event.data.origin }, [record]);
  }
}
