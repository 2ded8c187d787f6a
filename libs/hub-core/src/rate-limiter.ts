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
