import { Streams, Subjects, type DecisionRecord } from '@cirtmesh/contracts';
import { ensureStream, logStream, publishDurable, replayStream } from '@cirtmesh/messaging';
import { sha256Hex } from '@cirtmesh/crypto';
import type { NatsConnection } from 'nats';

/**
 * Every sharing decision a hub makes, durably in its own DECISIONS stream (metadata only:
 * ids, parties, verdicts and reasons, never alert content), indexed in memory for queries.
 * The decisions a hub makes for one alert at once travel as one message: a list of records.
 */
export class DecisionLog {
  private readonly byAlert = new Map<string, Map<string, DecisionRecord>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
  ) {}

  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, logStream(Streams.decisions, [Subjects.decision(this.hubId)]));
    await replayStream(this.nc, Streams.decisions, (msg) => {
      for (const d of unpackDecisions(msg.json<StoredDecisions>())) this.index(d);
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
    await publishDurable(this.nc, Subjects.decision(this.hubId), Buffer.from(JSON.stringify(packDecisions(decisions))), {
      msgId: `${decisions[0].alertId}:${key}`,
      expectStream: Streams.decisions,
    });
    for (const d of decisions) this.index(d);
  }

  /** The message an alert was first decided from, if this hub has decided on it. */
  sourceOf(alertId: string): string | undefined {
    for (const d of this.byAlert.get(alertId)?.values() ?? []) if (d.source) return d.source;
    return undefined;
  }

  forAlert(alertId: string): DecisionRecord[] {
    return [...(this.byAlert.get(alertId)?.values() ?? [])];
  }

  private index(decision: DecisionRecord): void {
    let forAlert = this.byAlert.get(decision.alertId);
    if (!forAlert) {
      forAlert = new Map<string, DecisionRecord>();
      this.byAlert.set(decision.alertId, forAlert);
    }
    const key = `${decision.recipient}:${decision.verdict}`;
    if (!forAlert.has(key)) forAlert.set(key, decision);
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
