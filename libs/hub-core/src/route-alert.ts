import { laneOfSubject, MeshHeaders, parseHopPath, type AlertEvent, type DecisionRecord, type Redaction } from '@cirtmesh/contracts';
import type { Keyring } from '@cirtmesh/crypto';
import { silentLog, type Log } from '@cirtmesh/logging';
import { inSendSpan, type IncomingMessage } from '@cirtmesh/messaging';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { alertFacts, type Candidate, type Decision } from '@cirtmesh/trust';
import { admitAlert } from './admit-alert';
import { candidatesFor } from './candidates';
import type { DecisionLog } from './decision-log';
import { decisionRecord } from './decision-record';
import type { HandOff } from './hand-off';
import type { ArrivedFrom, HubView } from './hub-view';
import type { PolicyHolder } from './policy-holder';
import { CriticalLaneCap, OriginRateLimiter, type LaneChoice } from './rate-limiter';
import type { ReceiptRouter } from './receipts';

export interface RouteAlertDeps {
  hub: HubView;
  directory: MeshDirectory;
  policies: PolicyHolder;
  decisions: DecisionLog;
  handOff: HandOff;
  receipts: ReceiptRouter;
  keyring: () => Keyring;
  maxAlertAgeMs: number;
  log?: Log;
  clock?: () => Date;
}

/**
 * The hub's one job for an alert: admit it, decide for every candidate under the policy in force,
 * hand it to those it goes to, record every decision, and tell the origin. Only then is the
 * message acknowledged: a crash before that brings it again, and JetStream's dedupe drops repeats.
 */
export class RouteAlert {
  private readonly limiter: OriginRateLimiter;
  private readonly lanes = new CriticalLaneCap();
  private readonly clock: () => Date;

  constructor(private readonly deps: RouteAlertDeps) {
    this.limiter = new OriginRateLimiter(deps.hub);
    this.clock = deps.clock ?? (() => new Date());
  }

  async execute(event: AlertEvent, message: IncomingMessage, from: ArrivedFrom, sender: string): Promise<DecisionRecord[]> {
    const { hub, directory, policies, decisions } = this.deps;
    const alert = event.data;
    const engine = policies.current;
    const now = this.clock();
    const path = parseHopPath(message.header(MeshHeaders.hopPath));
    const source = `${from}:${message.seq}`;
    const { hopLimit } = admitAlert({
      hub,
      directory,
      event,
      sender,
      from,
      path,
      carriedLimit: message.header(MeshHeaders.hopLimit),
      hopLimit: engine.policy.hopLimit ?? directory.hopLimit,
      keyring: this.deps.keyring(),
      now,
      maxAlertAgeMs: this.deps.maxAlertAgeMs,
      decidedFrom: decisions.sourceOf(alert.id),
      source,
    });
    const facts = alertFacts(alert);
    const limited = this.limiter.check(engine, facts, from, now);
    // An alert refused for its origin's rate goes nowhere, so it takes no token of the critical lane.
    const lane: LaneChoice = limited ? { lane: 'bulk' } : this.lanes.laneFor(engine, alert, laneOfSubject(message.subject), now);
    const headers = {
      [MeshHeaders.hopPath]: [...path, hub.id].join(','),
      [MeshHeaders.hopLimit]: String(hopLimit),
      [MeshHeaders.traceparent]: message.header(MeshHeaders.traceparent),
    };
    const candidates = candidatesFor(hub, directory, { sender, from, origin: alert.origin, named: engine.named(facts).nodes });
    const regionOf = { regionOf: (n: string) => directory.node(n)?.region };
    const records: (DecisionRecord | undefined)[] = [];
    const verdicts = candidates.map((candidate) => limited ?? engine.decide(facts, candidate, regionOf, now));
    // Every hand-off of the alert is one `send` span, whose context each of them carries on.
    const handOver = async (traceparent: string | undefined): Promise<void> => {
      const carried = traceparent === undefined ? headers : { ...headers, [MeshHeaders.traceparent]: traceparent };
      const handOffs: Promise<void>[] = [];
      candidates.forEach((candidate, i) => {
        const record = this.handTo(candidate, verdicts[i], { event, original: message.data, headers: carried, now, source, lane });
        if (record instanceof Promise) handOffs.push(record.then((r) => void (records[i] = r)));
        else records[i] = record;
      });
      await Promise.all(handOffs);
    };
    // What is published: not refusals, nor a named node beyond this hub (the hub above reaches it).
    const sent = verdicts.filter(
      (d, i) => d.verdict !== 'refuse' && !(candidates[i].kind === 'node' && candidates[i].direct === false),
    ).length;
    if (sent === 0) await handOver(undefined);
    else await inSendSpan({ count: sent, traceparent: headers[MeshHeaders.traceparent] }, handOver);
    const decided = records.filter((r): r is DecisionRecord => r !== undefined);
    // Both durable before the message is acknowledged; neither waits for the other.
    await Promise.all([decisions.record(decided), this.deps.receipts.send(alert, decided, headers[MeshHeaders.traceparent])]);
    this.logOutcome(decided);
    return decided;
  }

  /** One line an alert: at debug, who got it; at info, which nodes it was refused to and why. */
  private logOutcome(decided: DecisionRecord[]): void {
    const log = this.deps.log ?? silentLog;
    const of = (verdict: DecisionRecord['verdict']): string[] => decided.filter((d) => d.verdict === verdict).map((d) => d.recipient);
    const refused = decided.filter((d) => d.verdict === 'refuse' && d.recipientKind === 'node');
    if (refused.length > 0) {
      const why = refused.map((d) => `${d.recipient}: ${d.reasons.map((r) => r.code).join(', ')}`);
      log.info({ refused: why }, 'alert refused to some recipients');
    }
    log.debug({ delivered: of('deliver'), deferred: of('defer'), refused: of('refuse') }, 'alert routed');
  }

  /** Hands the alert on as decided; a refusal publishes nothing and is recorded at once. */
  private handTo(candidate: Candidate, decision: Decision, hop: Hop): DecisionRecord | undefined | Promise<DecisionRecord | undefined> {
    const { event, original, headers, now, source, lane } = hop;
    const record = (redactions?: Redaction[]): DecisionRecord => {
      const made = { ...decisionRecord(this.deps.hub.id, event.data, candidate, decision, now, redactions), source };
      if (decision.verdict === 'refuse') return made;
      // What is handed on says which lane it went in (an embargo waits in the bulk lane), and why
      // a critical alert did not go in its own.
      const inLane = decision.verdict === 'defer' ? 'bulk' : lane.lane;
      return { ...made, lane: inLane, ...(lane.demoted ? { reasons: [...made.reasons, lane.demoted] } : {}) };
    };
    if (decision.verdict === 'refuse') return record();
    // A named recipient beyond this hub is reached (or not) through the hub above; this hub
    // records only its refusals of such recipients.
    if (candidate.kind === 'node' && candidate.direct === false) return undefined;
    return this.deps.handOff.execute({ candidate, decision, event, original, headers, now, lane: lane.lane }).then(record);
  }
}

/** What every hand-off of one alert shares. */
interface Hop {
  event: AlertEvent;
  /** The message as it arrived. */
  original: Uint8Array;
  headers: Record<string, string | undefined>;
  now: Date;
  source: string;
  lane: LaneChoice;
}
