import {
  foldFeedback,
  foldStored,
  type DeliveryOutcome,
  type Feedback,
  type HandoffSummary,
  type StoredAlert,
  type StoredItem,
} from '@cirtmesh/contracts';
import sift from 'sift';
import type { AlertArchive, AlertFilter, ArchiveOptions, Page, SearchHit } from './alert-archive';
import { fromDoc, toDoc, type AlertDoc } from './documents';
import { decodeCursor, encodeCursor, mergeDeliveries, mergeHandoffs } from './filter';
import { afterQuery, listQuery, searchWindow, visible } from './queries';
import { defaultRetention, type Retention } from './retention';
import { indicatorQuery, matchedIndicators } from './search-keys';

function indexAdd(index: Map<string, Set<AlertDoc>>, keys: string[], doc: AlertDoc): void {
  for (const key of keys) {
    const set = index.get(key) ?? new Set<AlertDoc>();
    set.add(doc);
    index.set(key, set);
  }
}

function indexRemove(index: Map<string, Set<AlertDoc>>, keys: string[], doc: AlertDoc): void {
  for (const key of keys) {
    const set = index.get(key);
    set?.delete(doc);
    if (set?.size === 0) index.delete(key);
  }
}

/**
 * The embedded default: the same documents MongoDB would hold, in process memory, ordered by
 * the node's stream sequence, queried with the same query documents through a MongoDB query
 * matcher. Rebuilt from JetStream at start.
 */
export class MemoryAlertArchive implements AlertArchive {
  readonly kind = 'memory';
  private readonly byId = new Map<string, AlertDoc>();
  /** Ascending by seq; records arrive in seq order almost always, so inserts are appends. */
  private readonly ordered: AlertDoc[] = [];
  /** Indicator terms to the documents holding them: the multikey index MongoDB keeps on `terms`. */
  private readonly byTerm = new Map<string, Set<AlertDoc>>();
  /** CIDR block keys to the documents holding them: the multikey index on `blocks`. */
  private readonly byBlock = new Map<string, Set<AlertDoc>>();
  private readonly retention: Retention;
  private readonly clock: () => Date;
  private purgedThrough = 0;

  constructor(options: ArchiveOptions = {}) {
    this.retention = options.retention ?? defaultRetention();
    this.clock = options.clock ?? (() => new Date());
  }

  add(record: StoredAlert): Promise<boolean> {
    const doc = toDoc(structuredClone(record), this.retention);
    if (!this.live(doc)) {
      this.purgedThrough = Math.max(this.purgedThrough, doc.seq);
      return Promise.resolve(false);
    }
    const at = this.lowerBound(doc.seq);
    if (this.byId.has(doc._id) || this.ordered[at]?.seq === doc.seq) return Promise.resolve(false);
    this.byId.set(doc._id, doc);
    this.ordered.splice(at, 0, doc);
    indexAdd(this.byTerm, doc.terms, doc);
    indexAdd(this.byBlock, doc.blocks, doc);
    return Promise.resolve(true);
  }

  get(id: string): Promise<StoredAlert | undefined> {
    const doc = this.held(id);
    return Promise.resolve(doc && structuredClone(fromDoc(doc)));
  }

  list(filter: AlertFilter, limit: number, cursor?: string): Promise<Page<StoredAlert>> {
    return this.page(cursor, limit, (before) => {
      const test = sift(listQuery(filter, this.clock(), before));
      return this.newestFirst(this.ordered, this.lowerBound(before ?? Number.MAX_SAFE_INTEGER) - 1, test, limit + 1);
    }).then(({ items, next }) => ({ items: items.map((d) => structuredClone(fromDoc(d))), next }));
  }

  after(seq: number, filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    const test = sift(afterQuery(seq, filter, this.clock()));
    const out: StoredAlert[] = [];
    for (let i = this.lowerBound(seq + 1); i < this.ordered.length && out.length < limit; i += 1) {
      if (test(this.ordered[i])) out.push(structuredClone(fromDoc(this.ordered[i])));
    }
    return Promise.resolve(out);
  }

  search(value: string, limit: number, cursor?: string, filter: AlertFilter = {}): Promise<Page<SearchHit>> {
    const query = indicatorQuery(value);
    return this.page(cursor, limit, (before) => {
      // The two indexes answer searchMatch(query) exactly as MongoDB's multikey indexes do.
      const candidates = new Set(this.byTerm.get(query.term));
      for (const block of query.blocks ?? []) for (const doc of this.byBlock.get(block) ?? []) candidates.add(doc);
      const sorted = [...candidates].sort((a, b) => a.seq - b.seq);
      return this.newestFirst(sorted, sorted.length - 1, sift(searchWindow(this.clock(), before, filter)), limit + 1);
    }).then(({ items, next }) => ({
      items: items.map((d) => {
        const record = structuredClone(fromDoc(d));
        return { record, matched: matchedIndicators(record.alert, query) };
      }),
      next,
    }));
  }

  addDeliveries(alertId: string, outcomes: DeliveryOutcome[], handoffs: HandoffSummary[] = []): Promise<boolean> {
    const doc = this.held(alertId);
    if (!doc) return Promise.resolve(false);
    doc.deliveries = mergeDeliveries(doc.deliveries, structuredClone(outcomes));
    if (handoffs.length > 0) doc.handoffs = mergeHandoffs(doc.handoffs, structuredClone(handoffs));
    return Promise.resolve(true);
  }

  addStored(node: string, items: StoredItem[]): Promise<number> {
    let changed = 0;
    for (const { alertId, at } of items) {
      const doc = this.held(alertId);
      // Only the alerts this node sent have recipients to report: a notice naming another is ignored.
      if (!doc || doc.direction !== 'sent') continue;
      const stored = foldStored(doc.stored, node, at);
      if (stored !== doc.stored) changed += 1;
      doc.stored = stored;
    }
    return Promise.resolve(changed);
  }

  addFeedback(eventId: string, feedback: Feedback): Promise<boolean> {
    const doc = this.held(feedback.alertId);
    if (!doc || doc.feedbackIds.includes(eventId)) return Promise.resolve(false);
    const { acks, sightings } = foldFeedback(doc.acks, doc.sightings, structuredClone(feedback));
    Object.assign(doc, { acks, sightings, feedbackIds: [...doc.feedbackIds, eventId] });
    return Promise.resolve(true);
  }

  count(): Promise<number> {
    const now = this.clock().getTime();
    let n = 0;
    for (const doc of this.ordered) if (doc.expiresAt.getTime() > now) n += 1;
    return Promise.resolve(n);
  }

  purgeExpired(): Promise<number> {
    const test = sift(visible(this.clock()));
    const gone = this.ordered.filter((doc) => !test(doc));
    for (const doc of gone) this.remove(doc);
    return Promise.resolve(gone.length);
  }

  async horizon(): Promise<number> {
    await this.purgeExpired();
    return this.purgedThrough;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private remove(doc: AlertDoc): void {
    this.purgedThrough = Math.max(this.purgedThrough, doc.seq);
    this.byId.delete(doc._id);
    this.ordered.splice(this.lowerBound(doc.seq), 1);
    indexRemove(this.byTerm, doc.terms, doc);
    indexRemove(this.byBlock, doc.blocks, doc);
  }

  private held(id: string): AlertDoc | undefined {
    const doc = this.byId.get(id);
    return doc && this.live(doc) ? doc : undefined;
  }

  /** `visible(now)` for one document, without compiling the query: the hot path of every write. */
  private live(doc: AlertDoc): boolean {
    return doc.expiresAt.getTime() > this.clock().getTime();
  }

  /** Walks `docs` down from `from`, keeping what `test` accepts, up to `want`. */
  private newestFirst(docs: AlertDoc[], from: number, test: (doc: AlertDoc) => boolean, want: number): AlertDoc[] {
    const out: AlertDoc[] = [];
    for (let i = from; i >= 0 && out.length < want; i -= 1) if (test(docs[i])) out.push(docs[i]);
    return out;
  }

  /** One page from `limit + 1` matches: the extra one only says whether there is a next page. */
  private page(cursor: string | undefined, limit: number, fetch: (before?: number) => AlertDoc[]): Promise<Page<AlertDoc>> {
    try {
      const matches = fetch(cursor === undefined ? undefined : decodeCursor(cursor));
      const items = matches.slice(0, limit);
      return Promise.resolve({ items, next: matches.length > limit ? encodeCursor(items[items.length - 1].seq) : null });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Index of the first record with seq >= `seq`. */
  private lowerBound(seq: number): number {
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
