import { Schema } from 'mongoose';
import type { AlertDoc } from '../documents';

/** What the archive keeps of one ack or sighting, as it arrived: the history behind `acks` and `sightings`. */
export interface FeedbackDoc {
  /** The feedback event id: each is kept once. */
  _id: string;
  alertId: string;
  from: string;
  kind: 'ack' | 'sighting';
  at: string;
  note?: string;
  sighting?: { count: number; firstSeen: string; lastSeen: string };
  /** The alert's own expiry: feedback goes with its alert. */
  expiresAt: Date;
}

/** A record past its expiry is purged by the node within the minute; the server's TTL monitor is the backstop. */
export const TTL_BACKSTOP_SECONDS = 3_600;

const deliveryOutcome = new Schema(
  {
    recipient: { type: String, required: true },
    hub: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['delivered', 'refused', 'deferred'] },
    decidedAt: { type: String, required: true },
    policy: { type: String, required: true },
    notBefore: { type: String },
    lane: { type: String },
    reasons: { type: [{ _id: false, code: String, text: String }], default: [] },
    redactions: { type: [{ _id: false, field: String, action: String }], default: undefined },
  },
  { _id: false, strict: false },
);

const handoffSummary = new Schema(
  {
    hub: { type: String, required: true },
    to: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['delivered', 'refused', 'deferred'] },
    decidedAt: { type: String, required: true },
    lane: { type: String },
    reasons: { type: [{ _id: false, code: String, text: String }], default: [] },
  },
  { _id: false },
);

const ackSummary = new Schema({ node: { type: String, required: true }, at: { type: String, required: true } }, { _id: false });

const sightingSummary = new Schema(
  {
    node: { type: String, required: true },
    count: { type: Number, required: true },
    firstSeen: { type: String, required: true },
    lastSeen: { type: String, required: true },
  },
  { _id: false },
);

export const alertSchema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    direction: { type: String, required: true, enum: ['sent', 'received'] },
    origin: { type: String, required: true },
    category: { type: String, required: true },
    severityRank: { type: Number, required: true },
    tlp: { type: String, required: true },
    createdAt: { type: Date, required: true },
    storedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    terms: { type: [String], default: [] },
    blocks: { type: [String], default: [] },
    words: { type: [String], default: [] },
    /** The record as the API returns it; validated as an alert before it ever gets here. */
    record: { type: Schema.Types.Mixed, required: true },
    deliveries: { type: [deliveryOutcome], default: [] },
    handoffs: { type: [handoffSummary], default: [] },
    stored: { type: [ackSummary], default: [] },
    acks: { type: [ackSummary], default: [] },
    sightings: { type: [sightingSummary], default: [] },
    feedbackIds: { type: [String], default: [] },
  },
  { collection: 'alerts', versionKey: false, minimize: false, autoIndex: false },
);

// Each index names the query it serves (see queries.ts).
// GET /alerts newest first and its cursor; live-stream replay after a seq; one record per stream position.
alertSchema.index({ seq: -1 }, { unique: true, name: 'list_newest_first' });
// GET /alerts?direction=sent|received, newest first.
alertSchema.index({ direction: 1, seq: -1 }, { name: 'list_by_direction' });
// GET /alerts?origin=ke, newest first.
alertSchema.index({ origin: 1, seq: -1 }, { name: 'list_by_origin' });
// GET /alerts?severity=high (a minimum), newest first.
alertSchema.index({ severityRank: 1, seq: -1 }, { name: 'list_by_min_severity' });
// GET /indicators/search?value=: exact value, and a domain's subdomains (every parent domain is a term).
alertSchema.index({ terms: 1, seq: -1 }, { name: 'search_indicator_terms' });
// GET /indicators/search?value=<ip>: the CIDR blocks that contain it, one key per prefix length.
alertSchema.index({ blocks: 1, seq: -1 }, { name: 'search_cidr_blocks' });
// GET /alerts?q=: every word of the query among the alert's words.
alertSchema.index({ words: 1, seq: -1 }, { name: 'fulltext_words' });
// Retention per TLP: the node purges at expiry; the server's TTL monitor deletes what a stopped node left.
alertSchema.index({ expiresAt: 1 }, { expireAfterSeconds: TTL_BACKSTOP_SECONDS, name: 'retention_ttl' });

export const feedbackSchema = new Schema<FeedbackDoc>(
  {
    _id: { type: String, required: true },
    alertId: { type: String, required: true },
    from: { type: String, required: true },
    kind: { type: String, required: true, enum: ['ack', 'sighting'] },
    at: { type: String, required: true },
    note: { type: String },
    sighting: { type: { _id: false, count: Number, firstSeen: String, lastSeen: String }, default: undefined },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'feedback', versionKey: false, autoIndex: false },
);

// An alert's acks and sightings as they arrived, oldest first.
feedbackSchema.index({ alertId: 1, at: 1 }, { name: 'feedback_by_alert' });
// Feedback goes with its alert.
feedbackSchema.index({ expiresAt: 1 }, { expireAfterSeconds: TTL_BACKSTOP_SECONDS, name: 'retention_ttl' });
