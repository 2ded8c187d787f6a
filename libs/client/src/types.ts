import type { Alert, AlertFilter, IndicatorSearchResult } from '@cirtmesh/contracts';

export type {
  AckSummary,
  AlertFilter,
  Alert,
  AlertRoute,
  Direction,
  IndicatorHit,
  IndicatorMatch,
  MatchKind,
  NodeStatus,
  QueueStatus,
  RouteHop,
  SightingSummary,
  StoredAlert,
} from '@cirtmesh/contracts';

/** One page of a list; `next` is the cursor of the following page, null on the last. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface AlertListQuery extends AlertFilter {
  limit?: number;
  cursor?: string;
}

/** `POST /api/v1/alerts` answers with the alert as stored, and its position in the node's log. */
export type SubmittedAlert = Alert & { seq: number };

export interface AckRequest {
  note?: string;
}

export interface SightingRequest {
  count: number;
  firstSeen: string;
  lastSeen: string;
  note?: string;
}

/** The feedback event the node stored for its uplink, as `ack` and `sightings` answer. */
export interface FeedbackReceipt {
  id: string;
  alertId: string;
  /** The alert's origin, where the feedback goes. */
  origin: string;
  /** The node that reports (this one). */
  from: string;
  kind: 'ack' | 'sighting';
  at: string;
  note?: string;
  sighting?: SightingRequest;
}

export type IndicatorSearchPage = IndicatorSearchResult;

export interface IndicatorSearchQuery {
  limit?: number;
  cursor?: string;
}

/** One item's answer in `POST /api/v1/alerts/batch`: 202 with its id, or the single endpoint's refusal. */
export interface BatchItemAnswer {
  index: number;
  status: number;
  id?: string;
  seq?: number;
  error?: string;
  details?: Array<{ field: string; messages: string[] }> | Record<string, unknown>;
}

export interface BatchAnswer {
  results: BatchItemAnswer[];
}
