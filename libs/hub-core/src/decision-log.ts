import { Streams, Subjects, type DecisionRecord } from '@cirtmesh/contracts';
import { ensureStream, logStream, publishDurable, replayStream } from '@cirtmesh/messaging';
import { sha256Hex } from '@cirtmesh/crypto';
import type { NatsConnection } from 'nats';

/** What the hub keeps in memory of an alert's decisions: where they are stored, and where it came from. */
interface Decided {
  /** The message the alert was first decided from. */
  source?: string;
  /** The DECISIONS stream's sequences of the messages that hold the alert's decisions. */
  seqs: number[];
}

/**
 * Every sharing decision a hub makes, durably in its own DECISIONS stream (metadata only:
 * ids, parties, verdicts and reasons, never alert content). The decisions a hub makes for one
 * alert at once travel as one message: a list of records. In memory the hub keeps only which
 * messages hold an alert's decisions, so its memory does not grow with the number of recipients;
 * a query reads the records back from the stream.
 */
export class DecisionLog {
  private readonly byAlert = new Map<string, Decided>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
  ) {}

  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, logStream(Streams.decisions, [Subjects.decision(this.hubId)]));
    await replayStream(this.nc, Streams.decisions, (msg) => {
      for (const d of unpackDecisions(msg.json<StoredDecisions>())) this.index(d, msg.seq);
    });
  }

  /**
   * Records one alert's decisions durably, in one message; one already recorded for the same
   * alert, recipient and verdict is kept as it was. The same decisions make the same dedupe id,
   * so a retried alert records them once.
   */
  async record(decisions: DecisionRecord[]): Promise<void> {
    if (decisions.length === 0) return;
    const alertIds = new Set(decisions.map((d) => d.alertId));
    if (alertIds.size > 1) throw new Error(`one record holds the decisions for one alert, not ${alertIds.size}`);
    const key = sha256Hex(Buffer.from(decisions.map((d) => `${d.recipient}:${d.verdict}`).join('|'))).slice(0, 16);
    const ack = await publishDurable(this.nc, Subjects.decision(this.hubId), Buffer.from(JSON.stringify(packDecisions(decisions))), {
      msgId: `${decisions[0].alertId}:${key}`,
      expectStream: Streams.decisions,
      traced: false,
    });
    this.index(decisions.find((d) => d.source) ?? decisions[0], ack.seq);
  }

  /** The message an alert was first decided from, if this hub has decided on it. */
  sourceOf(alertId: string): string | undefined {
    return this.byAlert.get(alertId)?.source;
  }

  /**
   * Every decision recorded for an alert, read back from the stream, in the order they were made;
   * of several for the same recipient and verdict, the first. Records the stream's limits have
   * dropped are no longer there.
   */
  async forAlert(alertId: string): Promise<DecisionRecord[]> {
    const jsm = await this.nc.jetstreamManager();
    const kept = new Map<string, DecisionRecord>();
    for (const seq of this.byAlert.get(alertId)?.seqs ?? []) {
      const stored = await jsm.streams.getMessage(Streams.decisions, { seq }).catch(() => undefined);
      for (const d of stored ? unpackDecisions(stored.json<StoredDecisions>()) : []) {
        const key = `${d.recipient}:${d.verdict}`;
        if (d.alertId === alertId && !kept.has(key)) kept.set(key, d);
      }
    }
    return [...kept.values()];
  }

  private index(decision: DecisionRecord, seq: number): void {
    const decided = this.byAlert.get(decision.alertId) ?? { seqs: [] };
    this.byAlert.set(decision.alertId, decided);
    decided.source ??= decision.source;
    if (!decided.seqs.includes(seq)) decided.seqs.push(seq);
  }
}

/** The fields one alert's decisions usually share: written once a message. */
const SHARED = ['alertId', 'origin', 'hub', 'tlp', 'scope', 'decidedAt', 'policy', 'source'] as const;

/** One alert's decisions as stored: the shared fields once, then what each decision has of its own. */
interface PackedDecisions {
  shared: Partial<DecisionRecord>;
  items: Partial<DecisionRecord>[];
}

/** Earlier versions stored one record a message. */
type StoredDecisions = PackedDecisions | DecisionRecord;

export function packDecisions(records: DecisionRecord[]): PackedDecisions {
  const first = records[0] as unknown as Record<string, unknown>;
  const sharedKeys = new Set<string>(SHARED.filter((key) => records.every((r) => r[key] === records[0][key])));
  const shared = Object.fromEntries([...sharedKeys].map((key) => [key, first[key]])) as Partial<DecisionRecord>;
  const items = records.map(
    (r) => Object.fromEntries(Object.entries(r).filter(([key]) => !sharedKeys.has(key))) as Partial<DecisionRecord>,
  );
  return { shared, items };
}

export function unpackDecisions(stored: StoredDecisions): DecisionRecord[] {
  if (!('items' in stored)) return [stored];
  return stored.items.map((item) => ({ ...stored.shared, ...item }) as DecisionRecord);
}
