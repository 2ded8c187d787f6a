import {
  encodeAlertEvent,
  INGEST_CONSUMER,
  InvalidAlertEventError,
  MeshHeaders,
  parseMeshEvent,
  parseHopPath,
  senderOfIngest,
  Streams,
  Subjects,
  type Alert,
  type AlertEvent,
  type MeshEvent,
  type DecisionRecord,
} from '@cirtmesh/contracts';
import {
  durablePullConsumer,
  ensureConsumer,
  ensureStream,
  PermanentMessageError,
  publishDurable,
  workQueueStream,
  type IncomingMessage,
} from '@cirtmesh/messaging';
import { attestRedaction, checkFreshness, SignatureError, verifyAlertEvent, type Keyring, type SigningKey } from '@cirtmesh/crypto';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { redactAlert, takeToken, type AlertFacts, type Bucket, type Candidate, type Decision, type TrustEngine } from '@cirtmesh/trust';
import type { NatsConnection } from 'nats';
import type { DecisionLog } from './decision-log';
import { DEFERRED_CONSUMER, DEFERRED_STREAM, DeferredHeaders, deferredAll, deferredSubject } from './deferred';
import type { PolicyHolder } from './policy-holder';
import type { ReceiptRouter } from './receipts';

import type { Direction } from './direction';

export type { Direction } from './direction';

export function alertFacts(alert: Alert): AlertFacts {
  return {
    id: alert.id,
    origin: alert.origin,
    tlp: alert.tlp,
    scope: alert.scope,
    category: alert.category,
    createdAt: alert.createdAt,
    recipients: alert.recipients,
    groups: alert.groups,
    sectors: alert.sectors,
    notBefore: alert.notBefore,
  };
}

/**
 * The hub's core: for each alert, check who sent it, guard against loops, decide for every
 * possible recipient under the trust policy in force, deliver (redacted where the policy says so,
 * or held back until an embargo lifts), and record every decision.
 */
export class RouteAlert {
  private readonly role: 'regional' | 'global';
  private readonly parent: string | undefined;
  private readonly members: string[];
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly hubId: string,
    private readonly directory: MeshDirectory,
    private readonly policies: PolicyHolder,
    private readonly decisions: DecisionLog,
    private readonly receipts: ReceiptRouter,
    private readonly signing: { key: SigningKey; keyring: () => Keyring; maxAlertAgeMs: number },
    private readonly clock: () => Date = () => new Date(),
  ) {
    const hub = directory.hub(hubId);
    if (!hub) throw new Error(`hub ${hubId} is not in the mesh file`);
    this.role = hub.role;
    this.parent = hub.parent;
    this.members = directory.membersOf(hubId);
  }

  /** Creates the hub's streams and one delivery consumer per member. */
  async init(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream(Streams.ingest, [Subjects.ingestAll(this.hubId)]));
    await ensureStream(jsm, workQueueStream(Streams.deliver, [Subjects.deliverAll(this.hubId)]));
    await ensureStream(jsm, workQueueStream(DEFERRED_STREAM, [deferredAll(this.hubId)]));
    await ensureConsumer(jsm, Streams.ingest, durablePullConsumer(INGEST_CONSUMER, Subjects.ingestAll(this.hubId)));
    await ensureConsumer(jsm, DEFERRED_STREAM, durablePullConsumer(DEFERRED_CONSUMER, deferredAll(this.hubId)));
    for (const member of this.members) {
      await ensureConsumer(jsm, Streams.deliver, durablePullConsumer(member, Subjects.deliver(this.hubId, member)));
    }
  }

  async execute(message: IncomingMessage, from: Direction): Promise<DecisionRecord[]> {
    const sender = from === 'below' ? senderOfIngest(this.hubId, message.subject) : this.parent;
    if (!sender) throw new PermanentMessageError('UNKNOWN_SENDER', `subject ${message.subject} names no sender`);
    const parsed = this.parse(message);
    if (parsed.kind === 'receipt') {
      await this.receipts.forward(parsed.event, from, sender);
      return [];
    }
    if (parsed.kind === 'feedback') {
      await this.receipts.forwardFeedback(parsed.event, from, sender);
      return [];
    }
    const alert = parsed.event.data;
    this.checkSender(sender, from, alert.origin);
    const path = parseHopPath(message.header(MeshHeaders.hopPath));
    if (path.includes(this.hubId)) {
      throw new PermanentMessageError('LOOP', `alert ${alert.id} has already crossed hub ${this.hubId} (path ${path.join(' > ')})`);
    }
    const engine = this.policies.current;
    const meshLimit = engine.policy.hopLimit ?? this.directory.hopLimit;
    const limit = Math.min(Number(message.header(MeshHeaders.hopLimit) ?? meshLimit) || meshLimit, meshLimit);
    if (path.length + 1 > limit) {
      throw new PermanentMessageError('HOP_LIMIT', `alert ${alert.id} would cross ${path.length + 1} hubs; the limit is ${limit}`);
    }
    const now = this.clock();
    try {
      verifyAlertEvent(parsed.event, this.signing.keyring());
    } catch (error) {
      if (error instanceof SignatureError) throw new PermanentMessageError(error.code, error.message);
      throw error;
    }
    const stale = checkFreshness(alert, now, this.signing.maxAlertAgeMs);
    if (stale) throw new PermanentMessageError('STALE', stale);
    const source = `${from}:${message.seq}`;
    const decidedFrom = this.decisions.sourceOf(alert.id);
    if (decidedFrom !== undefined && decidedFrom !== source) {
      throw new PermanentMessageError('REPLAY', `alert ${alert.id} was already accepted here (from ${decidedFrom}); this copy is refused`);
    }
    const facts = alertFacts(alert);
    const limited = this.rateLimit(engine, facts, from, now);
    const directory = { regionOf: (n: string) => this.directory.node(n)?.region };
    const headers = {
      [MeshHeaders.hopPath]: [...path, this.hubId].join(','),
      [MeshHeaders.hopLimit]: String(limit),
      [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
    };
    const records = await Promise.all(
      this.candidates(sender, from, alert.origin, engine.named(facts).nodes).map(async (candidate) => {
        const decision = limited ?? engine.decide(facts, candidate, directory, now);
        // A named recipient beyond this hub is reached (or not) through the hub above; this hub
        // records only its refusals of such recipients.
        if (candidate.kind === 'node' && candidate.direct === false && decision.verdict !== 'refuse') return undefined;
        const redactions = await this.hand(candidate, decision, parsed.event, message.data, headers, now);
        const record: DecisionRecord = { ...this.record(alert, candidate, decision, now, redactions), source };
        return record;
      }),
    );
    const decided = records.filter((r): r is DecisionRecord => r !== undefined);
    await this.decisions.record(decided);
    await this.receipts.send(alert, decided);
    return decided;
  }

  /** Delivers, defers or does nothing, per the decision; returns what was redacted. */
  private async hand(
    candidate: Candidate,
    decision: Decision,
    event: AlertEvent,
    original: Uint8Array,
    headers: Record<string, string | undefined>,
    now: Date,
  ): Promise<DecisionRecord['redactions']> {
    if (decision.verdict === 'refuse') return undefined;
    const alert = event.data;
    let payload = original;
    let redactions: DecisionRecord['redactions'];
    const profile = this.policies.current.redactionProfile(decision.redaction);
    if (profile) {
      const redacted = redactAlert(alert, profile);
      // The origin's signature no longer covers the content: this hub attests what it changed.
      payload = encodeAlertEvent(attestRedaction(event, redacted.alert, redacted.applied, this.hubId, this.signing.key, now));
      redactions = redacted.applied;
    }
    const js = this.nc.jetstream();
    if (decision.verdict === 'defer') {
      await publishDurable(js, deferredSubject(this.hubId, candidate.id), payload, {
        msgId: `${alert.id}:${candidate.id}`,
        headers: { ...headers, [DeferredHeaders.notBefore]: decision.notBefore, [DeferredHeaders.alertId]: alert.id },
        expectStream: DEFERRED_STREAM,
      });
      return redactions;
    }
    const upstream = candidate.id === this.parent;
    await publishDurable(js, upstream ? Subjects.ingest(candidate.id, this.hubId) : Subjects.deliver(this.hubId, candidate.id), payload, {
      msgId: upstream ? alert.id : `${alert.id}:${candidate.id}`,
      headers,
      expectStream: upstream ? Streams.ingest : Streams.deliver,
    });
    return redactions;
  }

  private record(
    alert: Alert,
    candidate: Candidate,
    decision: Decision,
    now: Date,
    redactions: DecisionRecord['redactions'],
  ): DecisionRecord {
    return {
      alertId: alert.id,
      origin: alert.origin,
      hub: this.hubId,
      recipient: candidate.id,
      recipientKind: candidate.kind,
      verdict: decision.verdict,
      reasons: decision.reasons,
      tlp: alert.tlp,
      scope: alert.scope,
      decidedAt: now.toISOString(),
      policy: decision.policy,
      ...(redactions && redactions.length > 0 ? { redactions } : {}),
      ...(decision.notBefore ? { notBefore: decision.notBefore } : {}),
    };
  }

  /** Per-origin token bucket, applied where an alert enters the mesh: the origin's own hub. */
  private rateLimit(engine: TrustEngine, facts: AlertFacts, from: Direction, now: Date): Decision | undefined {
    const limit = engine.policy.rateLimit;
    if (!limit || from !== 'below' || this.role !== 'regional') return undefined;
    const taken = takeToken(this.buckets.get(facts.origin), now.getTime(), limit);
    this.buckets.set(facts.origin, taken.bucket);
    return taken.allowed ? undefined : engine.rateLimited(facts, taken.retryAfterMs);
  }

  private parse(message: IncomingMessage): MeshEvent {
    try {
      return parseMeshEvent(message.data);
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
    if (!this.members.includes(sender)) {
      throw new PermanentMessageError('NOT_A_MEMBER', `${sender} is not a member of hub ${this.hubId}`);
    }
    const speaksFor = this.role === 'regional' ? origin === sender : originNode.region === sender;
    if (!speaksFor) {
      throw new PermanentMessageError('ORIGIN_MISMATCH', `${sender} sent an alert claiming origin ${origin}`);
    }
  }

  private candidates(sender: string, from: Direction, origin: string, named: Set<string>): Candidate[] {
    if (this.role === 'global') {
      return this.directory
        .regions()
        .filter((r) => r !== sender)
        .map((r) => ({ kind: 'hub', id: r, reach: [r] }));
    }
    const out: Candidate[] = this.members.filter((m) => m !== origin).map((m) => ({ kind: 'node', id: m, direct: true }));
    if (from === 'below') {
      if (this.parent) {
        out.push({ kind: 'hub', id: this.parent, reach: this.directory.regions().filter((r) => r !== this.hubId) });
      }
      for (const node of named) {
        if (!this.members.includes(node) && node !== origin) out.push({ kind: 'node', id: node, direct: false });
      }
    }
    return out;
  }
}
