import { DomainError, plainAlert, toAlert, type AlertSubmissionDto, type Reason, type Redaction } from '@cirtmesh/contracts';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { alertFacts, redactAlert, type Decision, type TrustEngine } from '@cirtmesh/trust';
import { v7 as uuidv7 } from 'uuid';
import { arrivalOf, candidatesFor } from './candidates';
import { hubView } from './hub-view';

export interface Explanation {
  hub: string;
  origin: string;
  recipient: string;
  decision: Decision;
  /** What would be redacted in what the recipient receives. */
  redactions: Redaction[];
}

export class ExplainError extends DomainError {
  constructor(message: string) {
    super('EXPLAIN_INVALID', message);
  }
}

/**
 * "Would this alert from `origin` reach `recipient` at this hub, and why (not)?" The same engine
 * and the same candidates the hub would route with (`candidatesFor`), without sending or
 * recording anything. A node beyond this hub is explained as if the alert named it: the checks
 * this hub applies to such a recipient. A party the hub would not consider at all is refused with
 * the reason why.
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
  const hub = hubView(directory, hubId);
  const arrival = arrivalOf(hub, directory, origin);
  if (!arrival) throw new ExplainError(`origin ${origin} is not a node of the mesh`);
  const alert = toAlert(submission, origin, uuidv7({ msecs: now.getTime() }), now);
  const facts = alertFacts(alert);
  const named = new Set(engine.named(facts).nodes);
  if (directory.node(recipient)) named.add(recipient);
  const candidate = candidatesFor(hub, directory, { ...arrival, origin, named }).find((c) => c.id === recipient);
  if (!candidate)
    return { hub: hubId, origin, recipient, decision: notConsidered(engine, directory, hubId, origin, recipient), redactions: [] };
  const decision = engine.decide(facts, candidate, { regionOf: (n) => directory.node(n)?.region }, now);
  const profile = decision.verdict === 'refuse' ? undefined : engine.redactionProfile(decision.redaction);
  const redactions = profile ? redactAlert(plainAlert(alert), profile).applied : [];
  return { hub: hubId, origin, recipient, decision, redactions };
}

function notConsidered(engine: TrustEngine, directory: MeshDirectory, hubId: string, origin: string, recipient: string): Decision {
  const region = directory.node(recipient)?.region;
  let reason: Reason = { code: 'not-a-candidate', text: `hub ${hubId} never hands an alert from ${origin} to ${recipient}` };
  if (recipient === origin) reason = { code: 'own-alert', text: `${recipient} is the origin; an alert never returns to its origin` };
  else if (region && directory.hub(hubId)?.role === 'global') {
    reason = { code: 'not-a-candidate', text: `hub ${hubId} decides for regional hubs, not nodes: ask hub ${region} about ${recipient}` };
  }
  return { verdict: 'refuse', reasons: [reason], policy: engine.version };
}
