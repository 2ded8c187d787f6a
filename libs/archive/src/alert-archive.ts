import type { Retention } from './retention';
import {
  DomainError,
  type AlertFilter,
  type DeliveryOutcome,
  type Feedback,
  type HandoffSummary,
  type IndicatorMatch,
  type StoredAlert,
  type StoredItem,
} from '@cirtmesh/contracts';

export type { AlertFilter };

/** An indicator search hit: the alert, and which of its indicators matched and how. */
export interface SearchHit {
  record: StoredAlert;
  matched: IndicatorMatch[];
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

/** What every store is built with: retention per TLP, and the clock it is judged by. */
export interface ArchiveOptions {
  retention?: Retention;
  clock?: () => Date;
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('INVALID_CURSOR', 'cursor is not one this node issued');
  }
}

/**
 * Where a node keeps its alerts for queries. JetStream is the log of record; an archive can
 * always be rebuilt from it, so implementations only need to be consistent, not durable.
 *
 * Both implementations keep the same documents and run the same query documents (`queries.ts`);
 * one contract suite (`libs/archive/test/archive.contract.ts`) holds them to the same answers. Records past their
 * retention (per TLP) are invisible to every method from the moment they expire.
 */
export interface AlertArchive {
  /** Which store this is, for status pages: `memory` or `mongodb`. */
  readonly kind: string;
  /**
   * Stores a record; resolves false, storing nothing, when its alert id or its seq is already
   * held, or when it is already past its retention.
   */
  add(record: StoredAlert): Promise<boolean>;
  get(id: string): Promise<StoredAlert | undefined>;
  /** Newest first. */
  list(filter: AlertFilter, limit: number, cursor?: string): Promise<Page<StoredAlert>>;
  /** Oldest first: records after `seq`, for resuming a live stream. */
  after(seq: number, filter: AlertFilter, limit: number): Promise<StoredAlert[]>;
  /**
   * "Have we seen this?": alerts with an indicator equal to `value` (normalised), under it when
   * it is a domain, or a CIDR block containing it when it is an IP address. Newest first.
   */
  search(value: string, limit: number, cursor?: string, filter?: AlertFilter): Promise<Page<SearchHit>>;
  count(): Promise<number>;
  /** Deletes records past their retention; resolves how many went. */
  purgeExpired(): Promise<number>;
  /**
   * The highest seq of a record that was held, or offered, and is no longer: a live stream that
   * resumes from before it may have missed events, and is told so. 0 when nothing aged out.
   */
  horizon(): Promise<number>;
  close(): Promise<void>;
  /**
   * Merges delivery outcomes into an alert's record: per recipient, the latest decision wins;
   * and hand-offs between hubs: per hub and next hub, the latest wins. Resolves false when the
   * alert is not held.
   */
  addDeliveries(alertId: string, outcomes: DeliveryOutcome[], handoffs?: HandoffSummary[]): Promise<boolean>;
  /**
   * Records when `node` stored each of these alerts: the first time per node stays, so a notice
   * applied twice changes nothing. Alerts not held, or not sent by this node, are skipped;
   * resolves how many records changed.
   */
  addStored(node: string, items: StoredItem[]): Promise<number>;
  /**
   * Folds an ack or a sighting into its alert's `acks` or `sightings`, once per feedback event id.
   * Resolves false when the alert is not held or the event was already applied.
   */
  addFeedback(eventId: string, feedback: Feedback): Promise<boolean>;
}

export const ALERT_ARCHIVE = Symbol('ALERT_ARCHIVE');
