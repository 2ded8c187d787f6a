import { DeferredHeaders, encodeAlertEvent, Streams, Subjects, type AlertEvent, type Lane, type Redaction } from '@cirtmesh/contracts';
import { attestRedaction, type SigningKey } from '@cirtmesh/crypto';
import { publishDurable } from '@cirtmesh/messaging';
import { redactAlert, type Candidate, type Decision } from '@cirtmesh/trust';
import type { NatsConnection } from 'nats';
import type { HubView } from './hub-view';
import type { PolicyHolder } from './policy-holder';

export interface HandOffRequest {
  candidate: Candidate;
  decision: Decision;
  event: AlertEvent;
  /** The message as it arrived: what goes on unchanged when nothing is redacted. */
  original: Uint8Array;
  /** Hop and trace headers for the next hop. */
  headers: Record<string, string | undefined>;
  now: Date;
  /** The lane deliveries and hand-offs go in; embargoed deliveries wait in the bulk lane. */
  lane: Lane;
}

/**
 * Hands an alert to one recipient as decided: to its DELIVER subject, to the hub above's INGEST,
 * or held back in DEFERRED until an embargo lifts. Where the policy redacts, the recipient gets the
 * redacted alert with this hub's signed attestation, since the origin's signature no longer covers it.
 */
export class HandOff {
  constructor(
    private readonly nc: NatsConnection,
    private readonly hub: HubView,
    private readonly policies: PolicyHolder,
    private readonly signingKey: SigningKey,
  ) {}

  /**
   * Publishes per the decision (nothing for a refusal); returns what was redacted. Traced, the
   * caller's one `send` span covers every hand-off of the alert (`headers` carry its context).
   */
  async execute(request: HandOffRequest): Promise<Redaction[] | undefined> {
    const { candidate, decision, event, headers, lane } = request;
    if (decision.verdict === 'refuse') return undefined;
    const { payload, redactions } = this.prepare(request);
    const alertId = event.data.id;
    if (decision.verdict === 'defer') {
      await publishDurable(this.nc, Subjects.deferred(this.hub.id, candidate.id), payload, {
        msgId: `${alertId}:${candidate.id}`,
        headers: { ...headers, [DeferredHeaders.notBefore]: decision.notBefore, [DeferredHeaders.alertId]: alertId },
        expectStream: Streams.deferred,
        traced: false,
      });
    } else if (candidate.id === this.hub.parent) {
      await publishDurable(this.nc, Subjects.ingest(candidate.id, this.hub.id, lane), payload, {
        msgId: alertId,
        headers,
        expectStream: Streams.ingest,
        traced: false,
      });
    } else {
      await publishDurable(this.nc, Subjects.deliver(this.hub.id, candidate.id, lane), payload, {
        msgId: `${alertId}:${candidate.id}`,
        headers,
        expectStream: Streams.deliver,
        traced: false,
      });
    }
    return redactions;
  }

  private prepare({ decision, event, original, now }: HandOffRequest): { payload: Uint8Array; redactions?: Redaction[] } {
    const profile = this.policies.current.redactionProfile(decision.redaction);
    if (!profile) return { payload: original };
    const redacted = redactAlert(event.data, profile);
    const attested = attestRedaction(event, redacted.alert, redacted.applied, this.hub.id, this.signingKey, now);
    return { payload: encodeAlertEvent(attested), redactions: redacted.applied };
  }
}
