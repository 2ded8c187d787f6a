import { Streams, Subjects, type DecisionRecord } from '@cirtmesh/contracts';
import { ensureStream, logStream, publishDurable, replayStream } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';

/**
 * Every sharing decision a hub makes, durably in its own DECISIONS stream (metadata only:
 * ids, parties, verdicts and reasons, never alert content), indexed in memory for queries.
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
    await replayStream(this.nc, Streams.decisions, (msg) => this.index(msg.json<DecisionRecord>()));
  }

  /** Records decisions durably; one already recorded for the same alert, recipient and verdict is kept as it was. */
  async record(decisions: DecisionRecord[]): Promise<void> {
    const js = this.nc.jetstream();
    await Promise.all(
      decisions.map((d) =>
        publishDurable(js, Subjects.decision(this.hubId), Buffer.from(JSON.stringify(d)), {
          msgId: `${d.alertId}:${d.recipient}:${d.verdict}`,
          expectStream: Streams.decisions,
        }),
      ),
    );
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
