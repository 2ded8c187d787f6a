import { MAX_STORED_PER_NOTICE, MeshHeaders, parseAlertEvent, Subjects, toStoredEvent, type StoredItem } from '@cirtmesh/contracts';
import { publishDurable, type IncomingMessage } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** How long a stored notice waits for more alerts of the same origin before it goes. */
export const STORED_NOTICE_WINDOW_MS = 200;

interface Pending {
  items: StoredItem[];
  settle: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  timer: NodeJS.Timeout;
}

/**
 * Tells each alert's origin that this node stored it, and when: the last hop of the alert's
 * route, for the origin's trace. It reads the node's own log (the alerts it received), so a
 * notice is sent after a crash or a link outage too; and it gathers the alerts of one origin for
 * a moment, so a burst costs one message per origin, not one per alert. Each log message is
 * acknowledged once the notice that names it is in the hub's stream.
 */
export class ReportStored {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly hub: string,
    private readonly windowMs = STORED_NOTICE_WINDOW_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves once the notice naming this alert is sent; rejects (and the log brings it again) if it could not be. */
  execute(message: IncomingMessage): Promise<void> {
    const { origin, alertId } = this.alertOf(message);
    const at = new Date(message.storedAtMs).toISOString();
    return new Promise<void>((resolve, reject) => {
      let batch = this.pending.get(origin);
      if (!batch) {
        batch = { items: [], settle: [], timer: setTimeout(() => void this.flush(origin), this.windowMs) };
        this.pending.set(origin, batch);
      }
      batch.items.push({ alertId, at });
      batch.settle.push({ resolve, reject });
      if (batch.items.length >= MAX_STORED_PER_NOTICE) void this.flush(origin);
    });
  }

  /** Sends what is gathered at once (at shutdown, say). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((origin) => this.flush(origin)));
  }

  private async flush(origin: string): Promise<void> {
    const batch = this.pending.get(origin);
    if (!batch) return;
    this.pending.delete(origin);
    clearTimeout(batch.timer);
    const event = toStoredEvent(uuidv7(), { origin, from: this.nodeId, alerts: batch.items }, this.clock());
    // The same notice (this node, the same origin and alerts) makes the same dedupe id: sent again
    // after a lost answer, it is dropped. Another node's notice never shares it, even for the same
    // alerts stored in the same millisecond.
    const content = createHash('sha256')
      .update(`${this.nodeId}|${origin}|${batch.items.map((i) => `${i.alertId}@${i.at}`).join('|')}`)
      .digest('hex')
      .slice(0, 32);
    try {
      await publishDurable(this.nc, Subjects.ingest(this.hub, this.nodeId), Buffer.from(JSON.stringify(event)), {
        msgId: `stored:${content}`,
        timeoutMs: 5_000,
        // One notice names many alerts, each of its own trace: it joins none of them.
        traced: false,
      });
      for (const { resolve } of batch.settle) resolve();
    } catch (error) {
      for (const { reject } of batch.settle) reject(error);
    }
  }

  /** The received alert's origin and id: from the log's headers, or from the alert itself in records older than them. */
  private alertOf(message: IncomingMessage): { origin: string; alertId: string } {
    const origin = message.header(MeshHeaders.origin);
    const msgId = message.header(MeshHeaders.msgId);
    if (origin && msgId?.startsWith(RECEIVED_PREFIX)) return { origin, alertId: msgId.slice(RECEIVED_PREFIX.length) };
    const alert = parseAlertEvent(message.data).data;
    return { origin: alert.origin, alertId: alert.id };
  }
}

/** The dedupe id prefix of a received alert in the node's log (see AlertLog.appendReceived). */
const RECEIVED_PREFIX = 'recv:';
