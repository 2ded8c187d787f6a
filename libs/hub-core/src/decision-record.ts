import type { DecisionRecord, Redaction } from '@cirtmesh/contracts';
import type { Candidate, Decision } from '@cirtmesh/trust';

export interface DecidedAlert {
  id: string;
  origin: string;
  tlp: DecisionRecord['tlp'];
  scope: DecisionRecord['scope'];
}

/** What a hub records of one decision: metadata only, never the alert's content. */
export function decisionRecord(
  hub: string,
  alert: DecidedAlert,
  candidate: Pick<Candidate, 'kind' | 'id'>,
  decision: Pick<Decision, 'verdict' | 'reasons' | 'policy' | 'notBefore'>,
  now: Date,
  redactions?: Redaction[],
): DecisionRecord {
  return {
    alertId: alert.id,
    origin: alert.origin,
    hub,
    recipient: candidate.id,
    recipientKind: candidate.kind,
    verdict: decision.verdict,
    reasons: decision.reasons,
    tlp: alert.tlp,
    scope: alert.scope,
    decidedAt: now.toISOString(),
    policy: decision.policy,
    ...(redactions && redactions.length > 0 ? { redactions } : {}),
    ...(decision.notBefore ? { notBefore: decision.notBefore } : {}),
  };
}
