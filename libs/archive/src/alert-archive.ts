import type { Category, DeliveryOutcome, Direction, Feedback, Severity, StoredAlert, Tlp } from '@cirtmesh/contracts';

export interface AlertFilter {
  direction?: Direction;
  origin?: string;
  category?: Category;
  /** Minimum severity. */
  severity?: Severity;
  tlp?: Tlp;
  /** Alerts created at or after this instant (ISO 8601). */
  since?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('cursor is not one this node issued');
    this.name = 'InvalidCursorError';
  }
}

/**
 * Where a node keeps its alerts for queries. JetStream is the log of record; an archive can
 * always be rebuilt from it, so implementations only need to be consistent, not durable.
 */
export interface AlertArchive {
  /** Stores a record; resolves false, storing nothing, when its alert id is already held. */
  add(record: StoredAlert): Promise<boolean>;
  get(id: string): Promise<StoredAlert | undefined>;
  /** Newest first. */
  list(filter: AlertFilter, limit: number, cursor?: string): Promise<Page<StoredAlert>>;
  /** Oldest first: records after `seq`, for resuming a live stream. */
  after(seq: number, filter: AlertFilter, limit: number): Promise<StoredAlert[]>;
  count(): Promise<number>;
  /**
   * Merges delivery outcomes into an alert's record: per recipient, the latest decision wins.
   * Resolves false when the alert is not held.
   */
  addDeliveries(alertId: string, outcomes: DeliveryOutcome[]): Promise<boolean>;
  /**
   * Folds an ack or a sighting into its alert's `acks` or `sightings`, once per feedback event id.
   * Resolves false when the alert is not held or the event was already applied.
   */
  addFeedback(eventId: string, feedback: Feedback): Promise<boolean>;
}

export const ALERT_ARCHIVE = Symbol('ALERT_ARCHIVE');
