import type { AlertArchive } from '@cirtmesh/archive';
import {
  DomainError,
  encodeAlertEvent,
  encodeEvent,
  laneConsumer,
  MeshHeaders,
  Streams,
  Subjects,
  toAlertEvent,
  STORED_CONSUMER,
  UPLINK_CONSUMER,
  type Alert,
  type AlertEvent,
  type Direction,
  type FeedbackEvent,
  type ReceiptEvent,
  type StoredAlert,
  type StoredEvent,
} from '@cirtmesh/contracts';
import { signAlertEvent, type Keyring, type Provenance, type SigningKey } from '@cirtmesh/crypto';
import { durablePullConsumer, ensureConsumer, ensureStream, inOwnSpan, logStream, publishDurable } from '@cirtmesh/messaging';
import { DeliverPolicy, type NatsConnection } from 'nats';
import type { LiveFeed } from './live-feed';
import { handoffsOf, rebuildArchive, type RebuildResult } from './rebuild-archive';
import { storedAlert } from './stored-alert';

/** The source object was imported already, as `alertId`. */
export class DuplicateImportError extends DomainError {
  constructor(
    readonly importKey: string,
    readonly alertId: string,
  ) {
    super('DUPLICATE_IMPORT', `duplicate of ${alertId}`);
  }
}

/** One alert this node originates, as a batch item. */
export interface SentAlert {
  alert: Alert;
  traceparent: string | undefined;
  importKey?: string;
  /**
   * Traced, an alert made with others (a batch, an import, a spam campaign) gets a trace of its own,
   * linked to these (the request's or the reports' contexts); without them it joins `traceparent`'s.
   */
  links?: string[];
}

/**
 * The node's own ALERTS stream: every alert it sent or received, in one order. It is the log
 * of record; the archive and the live feed are views of it, rebuilt from it at start.
 * Appends run one at a time, so the archive and the live feed see records in stream order.
 */
export class AlertLog {
  private tail: Promise<unknown> = Promise.resolve();
  /** Import key → the alert made from it: a source object is imported once, after a restart too. */
  private readonly imports = new Map<string, string>();
  /** The stream's own limits may have dropped its oldest messages: the last seq no longer in it. */
  private streamFloor = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly archive: AlertArchive,
    private readonly live: LiveFeed,
    private readonly signer: SigningKey,
    private readonly keyring: () => Keyring,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Creates the stream and the uplink consumer, then rebuilds the archive from the stream. */
  async init(): Promise<RebuildResult> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, logStream(Streams.alerts, [Subjects.nodeAll(this.nodeId)]));
    // The uplink in each lane: critical alerts never wait behind a backlog of bulk ones.
    await ensureConsumer(jsm, Streams.alerts, durablePullConsumer(UPLINK_CONSUMER, Subjects.nodeSentMesh(this.nodeId)));
    await ensureConsumer(
      jsm,
      Streams.alerts,
      durablePullConsumer(laneConsumer(UPLINK_CONSUMER, 'critical'), Subjects.nodeSentCritical(this.nodeId)),
    );
    // What this node stored, reported back to each alert's origin. Made to start at the log's end:
    // a node that had received alerts before it reported them does not report them all at once.
    await ensureConsumer(jsm, Streams.alerts, {
      ...durablePullConsumer(STORED_CONSUMER, Subjects.nodeReceived(this.nodeId)),
      deliver_policy: DeliverPolicy.New,
    });
    const result = await rebuildArchive(this.nc, this.nodeId, this.archive, this.keyring(), (key, id) => this.imports.set(key, id));
    this.streamFloor = result.floor;
    return result;
  }

  /**
   * Signs and stores an alert this node originates. Resolves once JetStream holds it. An alert
   * imported from another format carries its source's key: a key already imported throws a
   * DuplicateImportError naming the alert made from it, and stores nothing.
   */
  async appendSent(alert: Alert, traceparent: string | undefined, importKey?: string): Promise<StoredAlert> {
    const [result] = await this.appendSentBatch([{ alert, traceparent, importKey }]);
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }

  /**
   * Signs and stores several alerts this node originates, their publishes pipelined: the batch
   * waits for the stream once, not once an alert. Each item settles on its own: a duplicate
   * import (within the batch too) or a failed publish fails its item only, and the others are
   * stored. The archive and the live feed see the stored ones in stream order.
   */
  appendSentBatch(items: SentAlert[]): Promise<PromiseSettledResult<StoredAlert>[]> {
    return this.serial(async () => {
      const claimed = new Map<string, string>();
      const published = await Promise.allSettled(items.map((item) => this.publishSent(item, claimed)));
      const results = new Array<PromiseSettledResult<StoredAlert>>(items.length);
      const stored: { index: number; seq: number; traceparent: string | undefined }[] = [];
      published.forEach((outcome, index) => {
        if (outcome.status === 'rejected') results[index] = outcome;
        else stored.push({ index, ...outcome.value });
      });
      for (const { index, seq, traceparent } of stored.sort((a, b) => a.seq - b.seq)) {
        const { alert, importKey } = items[index];
        if (importKey !== undefined) this.imports.set(importKey, alert.id);
        const record = storedAlert(seq, 'sent', this.now(), [], alert, undefined, traceparent);
        results[index] = { status: 'fulfilled', value: await this.remember(record) };
      }
      return results;
    });
  }

  /**
   * Publishes one signed alert; resolves to its stream position and the trace context it carries.
   * `claimed` holds the batch's import keys.
   */
  private async publishSent(
    { alert, traceparent, importKey, links }: SentAlert,
    claimed: Map<string, string>,
  ): Promise<{ seq: number; traceparent: string | undefined }> {
    if (importKey !== undefined) {
      const earlier = this.imports.get(importKey) ?? claimed.get(importKey);
      if (earlier) throw new DuplicateImportError(importKey, earlier);
      claimed.set(importKey, alert.id);
    }
    const subject = this.sentSubject(alert);
    const signed = signAlertEvent(toAlertEvent(alert), this.signer);
    const publish = async (carried: string | undefined): Promise<{ seq: number; traceparent: string | undefined }> => {
      const ack = await publishDurable(this.nc, subject, encodeAlertEvent(signed), {
        msgId: `sent:${alert.id}`,
        headers: { [MeshHeaders.traceparent]: carried, [MeshHeaders.importKey]: importKey },
        expectStream: Streams.alerts,
      });
      return { seq: ack.seq, traceparent: carried };
    };
    if (!links) return publish(traceparent);
    return inOwnSpan({ name: `create ${subject}`, links }, (own) => publish(own ?? traceparent));
  }

  /** Where a sent alert goes in the log: kept here (national), or to the uplink of its lane. */
  private sentSubject(alert: Alert): string {
    if (alert.scope === 'national') return Subjects.nodeSentLocal(this.nodeId);
    return alert.severity === 'critical' ? Subjects.nodeSentCritical(this.nodeId) : Subjects.nodeSentMesh(this.nodeId);
  }

  /** The alert made from an import key, if that source object was imported already. */
  importedAs(importKey: string): string | undefined {
    return this.imports.get(importKey);
  }

  /**
   * Stores an alert a hub delivered, its bytes kept as received (signature and attestations
   * included). Resolves to the stored record, or undefined when this node already holds the
   * alert: a duplicate delivery is stored and shown once.
   */
  appendReceived(
    event: AlertEvent,
    raw: Uint8Array,
    provenance: Provenance,
    via: string[],
    traceparent: string | undefined,
  ): Promise<StoredAlert | undefined> {
    return this.serial(async () => {
      const alert = event.data;
      if (await this.archive.get(alert.id)) return undefined;
      const ack = await publishDurable(this.nc, Subjects.nodeReceived(this.nodeId), raw, {
        msgId: `recv:${alert.id}`,
        headers: { [MeshHeaders.traceparent]: traceparent, [MeshHeaders.hopPath]: via.join(','), [MeshHeaders.origin]: alert.origin },
        expectStream: Streams.alerts,
        traced: false,
      });
      const record = await this.remember(storedAlert(ack.seq, 'received', this.now(), via, alert, provenance, traceparent));
      return ack.duplicate ? undefined : record;
    });
  }

  /** Stores a hub's receipt for an alert this node sent, and merges its outcomes into the alert. */
  appendReceipt(receipt: ReceiptEvent): Promise<void> {
    return this.serial(async () => {
      await publishDurable(this.nc, Subjects.nodeReceipts(this.nodeId), encodeEvent(receipt), {
        msgId: `receipt:${receipt.id}`,
        expectStream: Streams.alerts,
        traced: false,
      });
      await this.archive.addDeliveries(receipt.data.alertId, receipt.data.outcomes, handoffsOf(receipt));
    });
  }

  /** Stores a recipient's stored notice about alerts this node sent, and folds its times into them. */
  appendStored(notice: StoredEvent): Promise<void> {
    return this.serial(async () => {
      await publishDurable(this.nc, Subjects.nodeFeedback(this.nodeId), encodeEvent(notice), {
        msgId: `stored:${notice.id}`,
        expectStream: Streams.alerts,
        traced: false,
      });
      await this.archive.addStored(notice.data.from, notice.data.alerts);
    });
  }

  /**
   * Stores feedback and folds it into the node's record of the alert. `sent`: this node's own ack
   * or sighting, on the outbound subject, so the uplink forwards it to the alert's origin (after a
   * link failure too); traced, it joins the alert's trace (`alertTrace`), linked to the request
   * that sent it. `received`: another node's, about an alert this node originated.
   */
  appendFeedback(event: FeedbackEvent, direction: Direction, alertTrace?: string): Promise<FeedbackEvent> {
    const subject = direction === 'sent' ? Subjects.nodeSentMesh(this.nodeId) : Subjects.nodeFeedback(this.nodeId);
    const publish = (traceparent: string | undefined): Promise<unknown> =>
      publishDurable(this.nc, subject, encodeEvent(event), {
        msgId: `feedback:${event.id}`,
        headers: { [MeshHeaders.traceparent]: traceparent },
        expectStream: Streams.alerts,
        traced: direction === 'sent',
      });
    return this.serial(async () => {
      if (direction === 'sent')
        await inOwnSpan({ name: `create ${subject}`, parent: alertTrace, links: [] }, (own) => publish(own ?? alertTrace));
      else await publish(undefined);
      await this.archive.addFeedback(event.id, event.data);
      return event;
    });
  }

  /**
   * The newest position a live stream can no longer replay: dropped by the stream's limits, or
   * past the archive's retention. A client resuming from before it is told so.
   */
  async replayHorizon(): Promise<number> {
    return Math.max(this.streamFloor, await this.archive.horizon());
  }

  /** The stream's last position: an event id above it was never issued by this log. */
  async lastSeq(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    return (await jsm.streams.info(Streams.alerts)).state.last_seq;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private async remember(record: StoredAlert): Promise<StoredAlert> {
    if (await this.archive.add(record)) this.live.publish(record);
    return record;
  }
}
