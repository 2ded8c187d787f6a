import { plainAlert, toAlert, type AlertSubmissionDto, type Redaction } from '@cirtmesh/contracts';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { redactAlert, type Candidate, type Decision, type TrustEngine } from '@cirtmesh/trust';
import { v7 as uuidv7 } from 'uuid';
import { alertFacts } from './route-alert';

export interface Explanation {
  hub: string;
  origin: string;
  recipient: string;
  decision: Decision;
  /** What would be redacted in what the recipient receives. */
  redactions: Redaction[];
}

export class ExplainError extends Error {
  readonly code = 'EXPLAIN_INVALID';
}

/**
 * "Would this alert from `origin` reach `recipient` at this hub, and why (not)?" The same engine
 * and the same candidate the hub would use, without sending or recording anything.
 */
export function explainDecision(
  engine: TrustEngine,
  directory: MeshDirectory,
  hubId: string,
  origin: string,
  recipient: string,
  submission: AlertSubmissionDto,
  now: Date,
): Explanation {
  if (!directory.node(origin)) throw new ExplainError(`origin ${origin} is not a node of the mesh`);
  const alert = toAlert(submission, origin, uuidv7({ msecs: now.getTime() }), now);
  const hub = directory.hub(recipient);
  let candidate: Candidate;
  if (hub) {
    const reach = hub.id === directory.hub(hubId)?.parent ? directory.regions().filter((r) => r !== hubId) : [hub.id];
    candidate = { kind: 'hub', id: hub.id, reach };
  } else {
    candidate = { kind: 'node', id: recipient, direct: directory.membersOf(hubId).includes(recipient) };
  }
  const decision = engine.decide(alertFacts(alert), candidate, { regionOf: (n) => directory.node(n)?.region }, now);
  const profile = decision.verdict === 'refuse' ? undefined : engine.redactionProfile(decision.redaction);
  const redactions = profile ? redactAlert(plainAlert(alert), profile).applied : [];
  return { hub: hubId, origin, recipient, decision, redactions };
}
