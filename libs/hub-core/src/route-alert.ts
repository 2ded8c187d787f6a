import {
  InvalidAlertEventError,
  MeshHeaders,
  parseAlertEvent,
  parseHopPath,
  INGEST_CONSUMER,
  senderOfIngest,
  Streams,
  Subjects,
  type AlertEvent,
  type DecisionRecord,
} from '@cirtmesh/contracts';
import {
  ensureConsumer,
  ensureStream,
  durablePullConsumer,
  PermanentMessageError,
  publishDurable,
  workQueueStream,
  type IncomingMessage,
} from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/topology';
import type { Candidate, TrustPolicy } from '@cirtmesh/trust';
import type { NatsConnection } from 'nats';
import type { DecisionLog } from './decision-log';

/** Where a message came from: a member below (via INGEST) or the hub above (via its DELIVER). */
export type Direction = 'below' | 'above';

/**
 * The hub's core: for each alert, check who sent it, guard against loops, decide for every
 * possible recipient under the trust policy, deliver to those allowed, and record every decision.
 */
export class RouteAlert {
  private readonly role: 'regional' | 'global';
  private readonly parent: string | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
    private readonly directory: MeshDirectory,
    private readonly policy: TrustPolicy,
    private readonly decisions: DecisionLog,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const hub = directory.hub(hubId);
    if (!hub) throw new Error(`hub ${hubId} is not in the mesh file`);
    this.role = hub.role;
    this.parent = hub.parent;
  }

  /** Creates the hub's streams and one delivery consumer per member. */
  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream(Streams.ingest, [Subjects.ingestAll(this.hubId)]));
    await ensureStream(jsm, workQueueStream(Streams.deliver, [Subjects.deliverAll(this.hubId)]));
    await ensureConsumer(jsm, Streams.ingest, durablePullConsumer(INGEST_CONSUMER, Subjects.ingestAll(this.hubId)));
    for (const member of this.directory.membersOf(this.hubId)) {
      await ensureConsumer(jsm, Streams.deliver, durablePullConsumer(member, Subjects.deliver(this.hubId, member)));
    }
  }

  async execute(message: IncomingMessage, from: Direction): Promise<DecisionRecord[]> {
    const sender = from === 'below' ? senderOfIngest(this.hubId, message.subject) : this.parent;
    if (!sender) throw new PermanentMessageError('UNKNOWN_SENDER', `subject ${message.subject} names no sender`);
    const event = this.parse(message);
    const alert = event.data;
    this.checkSender(sender, from, alert.origin);
    const path = parseHopPath(message.header(MeshHeaders.hopPath));
    if (path.includes(this.hubId)) {
      throw new PermanentMessageError('LOOP', `alert ${alert.id} has already crossed hub ${this.hubId} (path ${path.join(' > ')})`);
    }
    const limit = Math.min(
      Number(message.header(MeshHeaders.hopLimit) ?? this.directory.hopLimit) || this.directory.hopLimit,
      this.directory.hopLimit,
    );
    if (path.length + 1 > limit) {
      throw new PermanentMessageError('HOP_LIMIT', `alert ${alert.id} would cross ${path.length + 1} hubs; the limit is ${limit}`);
    }
    const hopPath = [...path, this.hubId].join(',');
    const members = this.directory.membersOf(this.hubId);
    const decisions = this.candidates(sender, from, alert.origin, alert.recipients).flatMap((candidate) => {
      const decision = this.policy.decide(alert, candidate, { regionOf: (n) => this.directory.node(n)?.region });
      const record: DecisionRecord = {
        alertId: alert.id,
        origin: alert.origin,
        hub: this.hubId,
        recipient: candidate.id,
        recipientKind: candidate.kind,
        verdict: decision.verdict,
        reasons: decision.reasons,
        tlp: alert.tlp,
        scope: alert.scope,
        decidedAt: this.clock().toISOString(),
        policy: decision.policy,
      };
      // A named recipient beyond this region is reached (or not) through the hub above; this hub
      // records only its refusals of such recipients.
      const beyond = candidate.kind === 'node' && !members.includes(candidate.id);
      return beyond && decision.verdict === 'deliver' ? [] : [record];
    });
    const headers = {
      [MeshHeaders.hopPath]: hopPath,
      [MeshHeaders.hopLimit]: String(limit),
      [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
    };
    const js = this.nc.jetstream();
    await Promise.all(
      decisions
        .filter((d) => d.verdict === 'deliver')
        .map((d) => {
          const upstream = d.recipient === this.parent;
          const subject = upstream ? Subjects.ingest(d.recipient, this.hubId) : Subjects.deliver(this.hubId, d.recipient);
          return publishDurable(js, subject, message.data, {
            msgId: upstream ? alert.id : `${alert.id}:${d.recipient}`,
            headers,
            expectStream: upstream ? Streams.ingest : Streams.deliver,
          });
        }),
    );
    await this.decisions.record(decisions);
    return decisions;
  }

  private parse(message: IncomingMessage): AlertEvent {
    try {
      return parseAlertEvent(message.data);
    } catch (error) {
      if (error instanceof InvalidAlertEventError) throw new PermanentMessageError(error.code, error.message);
      throw error;
    }
  }

  /** A member may speak only for itself; the hub above only for alerts from other regions. */
  private checkSender(sender: string, from: Direction, origin: string): void {
    const originNode = this.directory.node(origin);
    if (!originNode) throw new PermanentMessageError('UNKNOWN_ORIGIN', `origin ${origin} is not a node of this mesh`);
    if (from === 'above') {
      if (originNode.region === this.hubId) {
        throw new PermanentMessageError('ORIGIN_MISMATCH', `alert from ${origin} came back down into its own region`);
      }
      return;
    }
    if (!this.directory.membersOf(this.hubId).includes(sender)) {
      throw new PermanentMessageError('NOT_A_MEMBER', `${sender} is not a member of hub ${this.hubId}`);
    }
    const speaksFor = this.role === 'regional' ? origin === sender : originNode.region === sender;
    if (!speaksFor) {
      throw new PermanentMessageError('ORIGIN_MISMATCH', `${sender} sent an alert claiming origin ${origin}`);
    }
  }

  private candidates(sender: string, from: Direction, origin: string, recipients: string[] | undefined): Candidate[] {
    if (this.role === 'global') {
      return this.directory
        .regions()
        .filter((r) => r !== sender)
        .map((r) => ({ kind: 'hub', id: r, reach: [r] }));
    }
    const members = this.directory.membersOf(this.hubId);
    const out: Candidate[] = members.filter((m) => m !== origin).map((m) => ({ kind: 'node', id: m }));
    if (from === 'below') {
      if (this.parent) {
        out.push({ kind: 'hub', id: this.parent, reach: this.directory.regions().filter((r) => r !== this.hubId) });
      }
      // Named recipients beyond this region: recorded here when they are refused (unknown, out of scope).
      for (const named of new Set(recipients ?? [])) {
        if (!members.includes(named) && named !== origin) out.push({ kind: 'node', id: named });
      }
    }
    return out;
  }
}
