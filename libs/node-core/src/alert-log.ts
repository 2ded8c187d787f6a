import type { AlertArchive } from '@cirtmesh/archive';
import {
  Alert,
  encodeAlertEvent,
  InvalidAlertEventError,
  MeshHeaders,
  parseHopPath,
  plainAlert,
  Streams,
  Subjects,
  toAlertEvent,
  UPLINK_CONSUMER,
  encodeEvent,
  parseMeshEvent,
  type AlertEvent,
  type Direction,
  toFeedbackEvent,
  type Feedback,
  type FeedbackEvent,
  type ReceiptEvent,
  type StoredAlert,
} from '@cirtmesh/contracts';
import { durablePullConsumer, ensureConsumer, ensureStream, logStream, publishDurable } from '@cirtmesh/messaging';
import { signAlertEvent, verifyAlertEvent, type Keyring, type Provenance, type SigningKey } from '@cirtmesh/crypto';
import type { JsMsg, NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import type { LiveFeed } from './live-feed';

function storedAlert(
  seq: number,
  direction: Direction,
  storedAt: string,
  via: string[],
  alert: Alert,
  provenance?: Provenance,
): StoredAlert {
  const record: StoredAlert = { seq, direction, storedAt, via, alert: plainAlert(alert) };
  if (provenance) record.provenance = provenance;
  if (direction === 'received' && alert.tlp === 'AMBER+STRICT') record.handling = 'organisation-only';
  return record;
}

export interface RebuildResult {
  restored: number;
  /** Stream sequences of records that could not be read back. */
  unreadable: number[];
}

/**
 * The node's own ALERTS stream: every alert it sent or received, in one order. It is the log
 * of record; the archive and the live feed are views of it, rebuilt from it at start.
 */
export class AlertLog {
  /** Appends run one at a time, so the archive and live feed see records in stream order. */
  private tail: Promise<unknown> = Promise.resolve();
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
    await ensureConsumer(jsm, Streams.alerts, durablePullConsumer(UPLINK_CONSUMER, Subjects.nodeSentMesh(this.nodeId)));
    return this.rebuild();
  }

  /** Stores an alert this node originates. Resolves once JetStream holds it. */
  appendSent(alert: Alert, traceparent: string | undefined): Promise<StoredAlert> {
    return this.serial(() => this.doAppendSent(alert, traceparent));
  }

  private async doAppendSent(alert: Alert, traceparent: string | undefined): Promise<StoredAlert> {
    const subject = alert.scope === 'national' ? Subjects.nodeSentLocal(this.nodeId) : Subjects.nodeSentMesh(this.nodeId);
    const signed = signAlertEvent(toAlertEvent(alert), this.signer);
    const ack = await publishDurable(this.nc.jetstream(), subject, encodeAlertEvent(signed), {
      msgId: `sent:${alert.id}`,
      headers: { [MeshHeaders.traceparent]: traceparent },
      expectStream: Streams.alerts,
    });
    return this.remember(ack.seq, 'sent', alert, []);
  }

  /**
   * Stores an alert a hub delivered. Resolves to the stored record, or undefined when this node
   * already holds the alert (a duplicate delivery is stored and shown once).
   */
  appendReceived(
    event: AlertEvent,
    raw: Uint8Array,
    provenance: Provenance,
    via: string[],
    traceparent: string | undefined,
  ): Promise<StoredAlert | undefined> {
    return this.serial(() => this.doAppendReceived(event, raw, provenance, via, traceparent));
  }

  private async doAppendReceived(
    event: AlertEvent,
    raw: Uint8Array,
    provenance: Provenance,
    via: string[],
    traceparent: string | undefined,
  ): Promise<StoredAlert | undefined> {
    const alert = event.data;
    if (await this.archive.get(alert.id)) return undefined;
    // The bytes are kept as received, signature and attestations included.
    const ack = await publishDurable(this.nc.jetstream(), Subjects.nodeReceived(this.nodeId), raw, {
      msgId: `recv:${alert.id}`,
      headers: { [MeshHeaders.traceparent]: traceparent, [MeshHeaders.hopPath]: via.join(',') },
      expectStream: Streams.alerts,
    });
    const record = await this.remember(ack.seq, 'received', alert, via, provenance);
    return ack.duplicate ? undefined : record;
  }

  /** Stores a hub's receipt for an alert this node sent, and merges its outcomes into the alert. */
  appendReceipt(receipt: ReceiptEvent): Promise<void> {
    return this.serial(async () => {
      await publishDurable(this.nc.jetstream(), Subjects.nodeReceipts(this.nodeId), encodeEvent(receipt), {
        msgId: `receipt:${receipt.id}`,
        expectStream: Streams.alerts,
      });
      await this.archive.addDeliveries(receipt.data.alertId, receipt.data.outcomes);
    });
  }

  /**
   * Sends this node's ack or sighting of an alert it received back to the alert's origin: stored
   * on the outbound subject, so the uplink forwards it (after a link failure too), and folded into
   * the node's own record of the alert.
   */
  sendFeedback(feedback: Feedback): Promise<FeedbackEvent> {
    return this.storeFeedback(Subjects.nodeSentMesh(this.nodeId), toFeedbackEvent(uuidv7(), feedback, this.clock()));
  }

  /** Stores feedback another node sent about an alert this node originated. */
  async appendFeedback(event: FeedbackEvent): Promise<void> {
    await this.storeFeedback(Subjects.nodeFeedback(this.nodeId), event);
  }

  private storeFeedback(subject: string, event: FeedbackEvent): Promise<FeedbackEvent> {
    return this.serial(async () => {
      await publishDurable(this.nc.jetstream(), subject, encodeEvent(event), {
        msgId: `feedback:${event.id}`,
        expectStream: Streams.alerts,
      });
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

  private async remember(seq: number, direction: Direction, alert: Alert, via: string[], provenance?: Provenance): Promise<StoredAlert> {
    const record = storedAlert(seq, direction, this.clock().toISOString(), via, alert, provenance);
    if (await this.archive.add(record)) this.live.publish(record);
    return record;
  }

  private async rebuild(): Promise<RebuildResult> {
    const jsm = await this.nc.jetstreamManager();
    const info = await jsm.streams.info(Streams.alerts);
    const last = info.state.last_seq;
    const result: RebuildResult = { restored: 0, unreadable: [] };
    this.streamFloor = info.state.messages === 0 ? last : info.state.first_seq - 1;
    if (info.state.messages === 0) return result;
    const consumer = await this.nc.jetstream().consumers.get(Streams.alerts, { opt_start_seq: info.state.first_seq });
    const messages = await consumer.consume({ max_messages: 256 });
    for await (const msg of messages) {
      try {
        if (await this.restore(msg)) result.restored += 1;
      } catch (error) {
        // A record this version cannot read stays in the log untouched; the node still starts.
        if (!(error instanceof InvalidAlertEventError)) throw error;
        result.unreadable.push(msg.seq);
      }
      if (msg.seq >= last) break;
    }
    await messages.close();
    return result;
  }

  private async restore(msg: JsMsg): Promise<boolean> {
    // Alerts sent and received; receipts; feedback received, and this node's own on the outbound subject.
    const parsed = parseMeshEvent(msg.data);
    if (parsed.kind === 'receipt') await this.archive.addDeliveries(parsed.event.data.alertId, parsed.event.data.outcomes);
    if (parsed.kind === 'feedback') await this.archive.addFeedback(parsed.event.id, parsed.event.data);
    if (parsed.kind !== 'alert') return false;
    const direction: Direction = msg.subject === Subjects.nodeReceived(this.nodeId) ? 'received' : 'sent';
    const event = parsed.event;
    const via = parseHopPath(msg.headers?.get(MeshHeaders.hopPath));
    const storedAt = new Date(msg.info.timestampNanos / 1_000_000).toISOString();
    let provenance: Provenance | undefined;
    if (direction === 'received') {
      try {
        provenance = verifyAlertEvent(event, this.keyring());
      } catch {
        provenance = undefined; // it verified on arrival; a key revoked since does not unmake that
      }
    }
    return this.archive.add(storedAlert(msg.seq, direction, storedAt, via, event.data, provenance));
  }
}
