import type { CloudEventBase } from './cloudevent';

export const STORED_EVENT_TYPE = 'org.cirtmesh.stored.v1';
/** Most alerts one notice names; a recipient sends more as several notices. */
export const MAX_STORED_PER_NOTICE = 500;

/** One alert a recipient stored, and when. */
export interface StoredItem {
  alertId: string;
  at: string;
}

/**
 * "We stored these": a recipient node tells an origin which of its alerts it stored, and when, so
 * the origin knows the last hop's time. It goes back to the origin only, like acks. Nodes make it
 * from their own log, never from a request, so it has no HTTP form.
 */
export interface StoredNotice {
  /** The origin of every alert named. */
  origin: string;
  /** The node that stored them. */
  from: string;
  alerts: StoredItem[];
}

/** CloudEvents 1.0 envelope of a stored notice (its source is `cirtmesh://node/<from>`). */
export interface StoredEvent extends CloudEventBase {
  type: typeof STORED_EVENT_TYPE;
  data: StoredNotice;
}

/** What a sent alert's record shows of the stored notices: when each recipient stored it (first time). */
export interface StoredSummary {
  node: string;
  at: string;
}

/**
 * Folds one recipient's stored time into a record's summaries. A node stores an alert once, so
 * the first report per node stays and a repeated notice changes nothing (the same array comes back).
 */
export function foldStored(current: StoredSummary[] = [], node: string, at: string): StoredSummary[] {
  if (current.some((s) => s.node === node)) return current;
  return [...current, { node, at }].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}
