/** What a hub decided for one alert and one candidate recipient. */
export type Verdict = 'deliver' | 'refuse';

export interface Reason {
  /** Stable machine code, e.g. `tlp-not-named`. */
  code: string;
  /** A sentence for a person. */
  text: string;
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
}
