import {
  severityRank,
  type AckSummary,
  type DeliveryOutcome,
  type Direction,
  type SightingSummary,
  type StoredAlert,
  type Tlp,
} from '@cirtmesh/contracts';
import { expiresAt, type Retention } from './retention';
import { searchKeys } from './search-keys';

/**
 * An alert as both stores hold it: the record the API returns, plus the fields queries run on.
 * MongoDB keeps exactly this document; the in-memory store keeps it too and runs the same query
 * documents over it, so the two answer alike.
 */
export interface AlertDoc {
  /** The alert id: unique. */
  _id: string;
  /** Position in the node's stream: unique; list and replay order. */
  seq: number;
  direction: Direction;
  origin: string;
  category: string;
  severityRank: number;
  tlp: Tlp;
  createdAt: Date;
  storedAt: Date;
  expiresAt: Date;
  terms: string[];
  blocks: string[];
  words: string[];
  /** The record without its feedback and deliveries, which live in the fields below. */
  record: Omit<StoredAlert, 'deliveries' | 'acks' | 'sightings'>;
  deliveries: DeliveryOutcome[];
  acks: AckSummary[];
  sightings: SightingSummary[];
  /** Feedback event ids already folded in: each is applied once. */
  feedbackIds: string[];
}

export function toDoc(stored: StoredAlert, retention: Retention): AlertDoc {
  const { deliveries = [], acks = [], sightings = [], ...record } = stored;
  const { alert } = record;
  return {
    _id: alert.id,
    seq: stored.seq,
    direction: stored.direction,
    origin: alert.origin,
    category: alert.category,
    severityRank: severityRank(alert.severity),
    tlp: alert.tlp,
    createdAt: new Date(alert.createdAt),
    storedAt: new Date(stored.storedAt),
    expiresAt: expiresAt(retention, alert.tlp, stored.storedAt),
    ...searchKeys(alert),
    record,
    deliveries,
    acks,
    sightings,
    feedbackIds: [],
  };
}

export function fromDoc(doc: Pick<AlertDoc, 'record' | 'deliveries' | 'acks' | 'sightings'>): StoredAlert {
  const record: StoredAlert = { ...doc.record };
  if (doc.deliveries.length > 0) record.deliveries = doc.deliveries;
  if (doc.acks.length > 0) record.acks = doc.acks;
  if (doc.sightings.length > 0) record.sightings = doc.sightings;
  return record;
}
