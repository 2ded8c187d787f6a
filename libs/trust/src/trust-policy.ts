import type { Alert, Category, Reason, Scope, Tlp, Verdict } from '@cirtmesh/contracts';

/** The facts about an alert that trust decisions look at. */
export interface AlertFacts {
  id: string;
  origin: string;
  tlp: Tlp;
  scope: Scope;
  category: Category;
  createdAt: string;
  recipients?: string[];
  /** Sharing groups named on the alert. */
  groups?: string[];
  sectors?: string[];
  /** Embargo set by the sender. */
  notBefore?: string;
}

/** The facts of an alert that trust decisions look at, and nothing else of it. */
export function alertFacts(alert: Alert): AlertFacts {
  return {
    id: alert.id,
    origin: alert.origin,
    tlp: alert.tlp,
    scope: alert.scope,
    category: alert.category,
    createdAt: alert.createdAt,
    recipients: alert.recipients,
    groups: alert.groups,
    sectors: alert.sectors,
    notBefore: alert.notBefore,
  };
}

/** Who is where, as plain data. */
export interface TrustDirectory {
  /** Region of each known node. */
  regionOf(node: string): string | undefined;
}

/** A party the hub could hand the alert to. */
export type Candidate =
  /** `direct`: a member this hub delivers to itself (otherwise a named recipient beyond it). */
  | { kind: 'node'; id: string; direct?: boolean }
  /** A hub, and the regions that lie behind it from this hub's point of view. */
  | { kind: 'hub'; id: string; reach: string[] };

export interface Decision {
  verdict: Verdict;
  /** Why, as stable codes and sentences; a refusal lists every rule that denied. */
  reasons: Reason[];
  /** Version of the rules the decision was made under. */
  policy: string;
  /** Redaction profile to apply to what is delivered. */
  redaction?: string;
  /** For `defer`: when the embargo lifts. */
  notBefore?: string;
}

/** The seam the hub decides through. Implementations are pure: same inputs, same decision. */
export interface TrustPolicy {
  readonly version: string;
  decide(alert: AlertFacts, candidate: Candidate, directory: TrustDirectory, now: Date): Decision;
}
