import {
  severityRank,
  type AckSummary,
  type DeliveryOutcome,
  type Direction,
  type HandoffSummary,
  type SightingSummary,
  type StoredAlert,
  type StoredSummary,
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
  record: Omit<StoredAlert, ReportFields>;
  deliveries: DeliveryOutcome[];
  /** Absent from documents written before hand-offs were kept. */
  handoffs?: HandoffSummary[];
  /** Absent from documents written before stored notices were kept. */
  stored?: StoredSummary[];
  acks: AckSummary[];
  sightings: SightingSummary[];
  /** Feedback event ids already folded in: each is applied once. */
  feedbackIds: string[];
}

/** What receipts, feedback and stored notices add to a record after it is stored. */
type ReportFields = 'deliveries' | 'handoffs' | 'stored' | 'acks' | 'sightings';

export function toDoc(stored: StoredAlert, retention: Retention): AlertDoc {
  const { deliveries = [], handoffs = [], stored: storedBy = [], acks = [], sightings = [], ...record } = stored;
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
    handoffs,
    stored: storedBy,
    acks,
    sightings,
    feedbackIds: [],
  };
}

export function fromDoc(doc: Pick<AlertDoc, 'record' | ReportFields>): StoredAlert {
  const record: StoredAlert = { ...doc.record };
  if (doc.deliveries.length > 0) record.deliveries = doc.deliveries;
  if (doc.handoffs && doc.handoffs.length > 0) record.handoffs = doc.handoffs;
  if (doc.stored && doc.stored.length > 0) record.stored = doc.stored;
  if (doc.acks.length > 0) record.acks = doc.acks;
  if (doc.sightings.length > 0) record.sightings = doc.sightings;
  return record;
}
