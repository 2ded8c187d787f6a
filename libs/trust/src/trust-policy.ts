import type { Reason, Scope, Tlp, Verdict } from '@cirtmesh/contracts';

/** The facts about an alert that routing looks at. */
export interface AlertFacts {
  id: string;
  origin: string;
  tlp: Tlp;
  scope: Scope;
  recipients?: string[];
}

/** Who is where, as plain data. */
export interface TrustDirectory {
  /** Region of each known node. */
  regionOf(node: string): string | undefined;
}

/** A party the hub could hand the alert to. */
export type Candidate =
  | { kind: 'node'; id: string }
  /** A hub, and the regions that lie behind it from this hub's point of view. */
  | { kind: 'hub'; id: string; reach: string[] };

export interface Decision {
  verdict: Verdict;
  reasons: Reason[];
  /** Version of the rules the decision was made under. */
  policy: string;
}

/** The seam the configurable policy engine plugs into. Implementations are pure. */
export interface TrustPolicy {
  readonly version: string;
  decide(alert: AlertFacts, candidate: Candidate, directory: TrustDirectory): Decision;
}
