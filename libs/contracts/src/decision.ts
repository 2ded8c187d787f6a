/** What a hub decided for one alert and one candidate recipient. */
/** `defer`: allowed, held back until an embargo lifts. */
export type Verdict = 'deliver' | 'refuse' | 'defer';

export interface Reason {
  /** Stable machine code, e.g. `tlp-not-named`. */
  code: string;
  /** A sentence for a person. */
  text: string;
}

/** A change a hub made to an alert for one recipient: which field, and how. Never the value. */
export interface Redaction {
  field: string;
  action: string;
}

export interface DecisionRecord {
  alertId: string;
  origin: string;
  hub: string;
  /** Node id, or hub id when the candidate is a hub. */
  recipient: string;
  recipientKind: 'node' | 'hub';
  verdict: Verdict;
  reasons: Reason[];
  tlp: string;
  scope: string;
  decidedAt: string;
  policy: string;
  /** What the hub redacted in what it delivered. */
  redactions?: Redaction[];
  /** For `defer`: when the embargo lifts. */
  notBefore?: string;
  /** The lane the hub handed the alert on in (deliveries and hand-offs). */
  lane?: 'bulk' | 'critical';
  /** The message the hub decided on (`below:<seq>` or `above:<seq>`), to tell a redelivery from a replay. */
  source?: string;
}
