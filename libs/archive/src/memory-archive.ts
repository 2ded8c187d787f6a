import { foldFeedback, type DeliveryOutcome, type Feedback, type StoredAlert } from '@cirtmesh/contracts';
import { InvalidCursorError, type AlertArchive, type AlertFilter, type Page } from './alert-archive';
import { decodeCursor, encodeCursor, matchesFilter, mergeDeliveries } from './filter';

/**
 * The embedded default: everything in process memory, ordered by the node's stream sequence.
 * Rebuilt from JetStream at start.
 */
export class MemoryAlertArchive implements AlertArchive {
  private readonly byId = new Map<string, StoredAlert>();
  /** Ascending by seq; records arrive in seq order almost always, so inserts are appends. */
  private readonly ordered: StoredAlert[] = [];
  private readonly appliedFeedback = new Set<string>();

  add(record: StoredAlert): Promise<boolean> {
    if (this.byId.has(record.alert.id)) return Promise.resolve(false);
    const copy = structuredClone(record);
    this.byId.set(record.alert.id, copy);
    let i = this.ordered.length;
    while (i > 0 && this.ordered[i - 1].seq > copy.seq) i -= 1;
    this.ordered.splice(i, 0, copy);
    return Promise.resolve(true);
  }

  get(id: string): Promise<StoredAlert | undefined> {
    const record = this.byId.get(id);
    return Promise.resolve(record && structuredClone(record));
  }

  list(filter: AlertFilter, limit: number, cursor?: string): Promise<Page<StoredAlert>> {
    let before = Number.POSITIVE_INFINITY;
    try {
      if (cursor !== undefined) before = decodeCursor(cursor);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new InvalidCursorError());
    }
    const items: StoredAlert[] = [];
    let i = this.upperBound(before) - 1;
    for (; i >= 0 && items.length < limit; i -= 1) {
      const record = this.ordered[i];
      if (matchesFilter(record, filter)) items.push(structuredClone(record));
    }
    const more = items.length === limit && this.ordered.slice(0, i + 1).some((r) => matchesFilter(r, filter));
    return Promise.resolve({ items, next: more ? encodeCursor(items[items.length - 1].seq) : null });
  }

  after(seq: number, filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    const out: StoredAlert[] = [];
    for (let i = this.upperBound(seq + 1); i < this.ordered.length && out.length < limit; i += 1) {
      if (matchesFilter(this.ordered[i], filter)) out.push(structuredClone(this.ordered[i]));
    }
    return Promise.resolve(out);
  }

  addDeliveries(alertId: string, outcomes: DeliveryOutcome[]): Promise<boolean> {
    const record = this.byId.get(alertId);
    if (!record) return Promise.resolve(false);
    record.deliveries = mergeDeliveries(record.deliveries, structuredClone(outcomes));
    return Promise.resolve(true);
  }

  addFeedback(eventId: string, feedback: Feedback): Promise<boolean> {
    const record = this.byId.get(feedback.alertId);
    if (!record || this.appliedFeedback.has(eventId)) return Promise.resolve(false);
    this.appliedFeedback.add(eventId);
    const { acks, sightings } = foldFeedback(record.acks, record.sightings, structuredClone(feedback));
    if (acks.length > 0) record.acks = acks;
    if (sightings.length > 0) record.sightings = sightings;
    return Promise.resolve(true);
  }

  count(): Promise<number> {
    return Promise.resolve(this.byId.size);
  }

  /** Index of the first record with seq >= `seq`. */
  private upperBound(seq: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ordered[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
