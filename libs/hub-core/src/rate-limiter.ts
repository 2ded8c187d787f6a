import type { Lane, Reason } from '@cirtmesh/contracts';
import { takeToken, type AlertFacts, type Bucket, type Decision, type TrustEngine } from '@cirtmesh/trust';
import type { ArrivedFrom, HubView } from './hub-view';

/**
 * The per-origin token bucket, applied where an alert enters the mesh: the origin's own regional
 * hub. Buckets live in memory; a restart refills them.
 */
export class OriginRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly hub: HubView) {}

  /** A refusal for every recipient when the origin is over its limit, else undefined. */
  check(engine: TrustEngine, facts: AlertFacts, from: ArrivedFrom, now: Date): Decision | undefined {
    const limit = engine.policy.rateLimit;
    if (!limit || from !== 'below' || this.hub.role !== 'regional') return undefined;
    const taken = takeToken(this.buckets.get(facts.origin), now.getTime(), limit);
    this.buckets.set(facts.origin, taken.bucket);
    return taken.allowed ? undefined : engine.rateLimited(facts, taken.retryAfterMs);
  }
}

/** The lane an alert goes on from this hub, and why a critical alert was moved to the bulk lane. */
export interface LaneChoice {
  lane: Lane;
  demoted?: Reason;
}

/**
 * The critical lane's cap per origin (the policy's `criticalLane`, by default 60 a minute): a
 * member cannot jump the queue with bulk marked critical. An alert stays in the lane it arrived
 * in, unless it is critical beyond its origin's cap: then it goes on in the bulk lane.
 */
export class CriticalLaneCap {
  private readonly buckets = new Map<string, Bucket>();

  laneFor(engine: TrustEngine, alert: { origin: string; severity: string }, arrived: Lane, now: Date): LaneChoice {
    if (arrived !== 'critical' || alert.severity !== 'critical') return { lane: 'bulk' };
    const limit = engine.policy.criticalLane;
    const taken = takeToken(this.buckets.get(alert.origin), now.getTime(), limit);
    this.buckets.set(alert.origin, taken.bucket);
    if (taken.allowed) return { lane: 'critical' };
    const text = `${alert.origin} is over its critical lane's cap (${limit.perMinute} a minute, burst ${limit.burst}): this critical alert travels in the bulk lane`;
    return { lane: 'bulk', demoted: { code: 'critical-lane-capped', text } };
  }
}
