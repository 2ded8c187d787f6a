import {
  foldFeedback,
  type DeliveryOutcome,
  type Feedback,
  type HandoffSummary,
  type StoredAlert,
  type StoredItem,
} from '@cirtmesh/contracts';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { AlertArchive, AlertFilter, ArchiveOptions, Page, SearchHit } from '../alert-archive';
import { fromDoc, toDoc, type AlertDoc } from '../documents';
import { decodeCursor, encodeCursor, mergeDeliveries, mergeHandoffs } from '../filter';
import { afterQuery, byIdQuery, listQuery, searchQuery, visible, type Query } from '../queries';
import { defaultRetention, type Retention } from '../retention';
import { indicatorQuery, matchedIndicators } from '../search-keys';
import { alertSchema, feedbackSchema, type FeedbackDoc } from './schemas';

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export interface MongoArchiveOptions extends ArchiveOptions {
  /** How long to wait for the server at start before giving up with a clear error. */
  serverSelectionTimeoutMs?: number;
}

/**
 * The archive on MongoDB, through mongoose. Each node uses its own database (the one the URI
 * names). The documents and query documents are the in-memory store's; see `queries.ts`.
 */
export class MongoAlertArchive implements AlertArchive {
  readonly kind = 'mongodb';
  private purgedThrough = 0;

  private constructor(
    private readonly connection: Connection,
    private readonly alerts: Model<AlertDoc>,
    private readonly feedback: Model<FeedbackDoc>,
    private readonly retention: Retention,
    private readonly clock: () => Date,
  ) {}

  /** Connects, and creates or updates the indexes the queries need. */
  static async connect(uri: string, options: MongoArchiveOptions = {}): Promise<MongoAlertArchive> {
    const connection = await mongoose
      .createConnection(uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
        autoIndex: false,
        ignoreUndefined: true,
      })
      .asPromise();
    try {
      const alerts = connection.model<AlertDoc>('Alert', alertSchema);
      const feedback = connection.model<FeedbackDoc>('Feedback', feedbackSchema);
      await alerts.syncIndexes();
      await feedback.syncIndexes();
      return new MongoAlertArchive(
        connection,
        alerts,
        feedback,
        options.retention ?? defaultRetention(),
        options.clock ?? (() => new Date()),
      );
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async add(record: StoredAlert): Promise<boolean> {
    const doc = toDoc(structuredClone(record), this.retention);
    if (doc.expiresAt <= this.clock()) {
      this.purgedThrough = Math.max(this.purgedThrough, doc.seq);
      return false;
    }
    try {
      await this.alerts.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    const doc = await this.findOne(byIdQuery(id, this.clock()));
    return doc ? fromDoc(doc) : undefined;
  }

  async list(filter: AlertFilter, limit: number, cursor?: string): Promise<Page<StoredAlert>> {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const docs = await this.find(listQuery(filter, this.clock(), before), -1, limit + 1);
    return this.page(docs, limit, fromDoc);
  }

  async after(seq: number, filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    return (await this.find(afterQuery(seq, filter, this.clock()), 1, limit)).map(fromDoc);
  }

  async search(value: string, limit: number, cursor?: string, filter: AlertFilter = {}): Promise<Page<SearchHit>> {
    const query = indicatorQuery(value);
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const docs = await this.find(searchQuery(query, this.clock(), before, filter), -1, limit + 1);
    return this.page(docs, limit, (doc) => {
      const record = fromDoc(doc);
      return { record, matched: matchedIndicators(record.alert, query) };
    });
  }

  async addDeliveries(alertId: string, outcomes: DeliveryOutcome[], handoffs: HandoffSummary[] = []): Promise<boolean> {
    const doc = await this.findOne(byIdQuery(alertId, this.clock()));
    if (!doc) return false;
    // The node's alert log is the one writer, one append at a time: read, merge, write is safe.
    const merged = {
      deliveries: mergeDeliveries(doc.deliveries, structuredClone(outcomes)),
      ...(handoffs.length > 0 ? { handoffs: mergeHandoffs(doc.handoffs, structuredClone(handoffs)) } : {}),
    };
    await this.alerts.updateOne({ _id: alertId }, { $set: merged });
    return true;
  }

  async addStored(node: string, items: StoredItem[]): Promise<number> {
    if (items.length === 0) return 0;
    // One write per alert, each a no-op once the node's time is held: the first time stays.
    const result = await this.alerts.bulkWrite(
      items.map(({ alertId, at }) => ({
        updateOne: {
          // Only the alerts this node sent have recipients to report: a notice naming another is ignored.
          filter: { $and: [byIdQuery(alertId, this.clock()), { direction: 'sent', 'stored.node': { $ne: node } }] },
          update: { $push: { stored: { $each: [{ node, at }], $sort: { node: 1 } } } },
        },
      })),
      { ordered: false },
    );
    return result.modifiedCount;
  }

  async addFeedback(eventId: string, feedback: Feedback): Promise<boolean> {
    const doc = await this.findOne({ $and: [byIdQuery(feedback.alertId, this.clock()), { feedbackIds: { $ne: eventId } }] });
    if (!doc) return false;
    // Both writes are idempotent, so a crash between them is mended by the rebuild at the next start.
    const { alertId, from, kind, at, note, sighting } = feedback;
    await this.feedback.updateOne(
      { _id: eventId },
      {
        $setOnInsert: {
          alertId,
          from,
          kind,
          at,
          ...(note === undefined ? {} : { note }),
          ...(sighting ? { sighting } : {}),
          expiresAt: doc.expiresAt,
        },
      },
      { upsert: true },
    );
    const { acks, sightings } = foldFeedback(doc.acks, doc.sightings, structuredClone(feedback));
    const result = await this.alerts.updateOne(
      { _id: feedback.alertId, feedbackIds: { $ne: eventId } },
      { $set: { acks, sightings }, $push: { feedbackIds: eventId } },
    );
    return result.modifiedCount === 1;
  }

  count(): Promise<number> {
    return this.alerts.countDocuments(visible(this.clock())).exec();
  }

  async purgeExpired(): Promise<number> {
    const expired = { expiresAt: { $lte: this.clock() } };
    const newest = await this.alerts.findOne(expired, { seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>().exec();
    if (!newest) return 0;
    this.purgedThrough = Math.max(this.purgedThrough, newest.seq);
    const { deletedCount } = await this.alerts.deleteMany(expired).exec();
    await this.feedback.deleteMany(expired).exec();
    return deletedCount;
  }

  async horizon(): Promise<number> {
    await this.purgeExpired();
    return this.purgedThrough;
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private findOne(query: Query): Promise<AlertDoc | null> {
    return this.alerts.findOne(query).lean<AlertDoc>().exec();
  }

  private find(query: Query, order: 1 | -1, limit: number): Promise<AlertDoc[]> {
    return this.alerts.find(query).sort({ seq: order }).limit(limit).lean<AlertDoc[]>().exec();
  }

  private page<T>(docs: AlertDoc[], limit: number, map: (doc: AlertDoc) => T): Page<T> {
    const items = docs.slice(0, limit);
    return { items: items.map(map), next: docs.length > limit ? encodeCursor(items[items.length - 1].seq) : null };
  }
}
