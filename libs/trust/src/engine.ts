import { isRestrictedTlp, type Reason } from '@cirtmesh/contracts';
import { handOver, reachReasons, tierReasons } from './node-decision';
import { tlpRank, type Policy, type RedactionProfile } from './policy';
import { reason, refuse } from './reasons';
import type { AlertFacts, Candidate, Decision, TrustDirectory, TrustPolicy } from './trust-policy';

/**
 * The trust engine: decides for one alert and one candidate under a hub's policy.
 * Rules combine as a conjunction: any deny wins, and a refusal lists every deny.
 * Pure: the policy, the directory and the clock are inputs.
 */
export class TrustEngine implements TrustPolicy {
  constructor(readonly policy: Policy) {}

  get version(): string {
    return this.policy.version;
  }

  redactionProfile(id: string | undefined): RedactionProfile | undefined {
    if (!id) return undefined;
    for (const tier of this.policy.tiers.values()) if (tier.redaction?.id === id) return tier.redaction;
    return undefined;
  }

  /** Everyone the alert names, directly or through a sharing group this policy knows. */
  named(alert: AlertFacts): { nodes: Set<string>; unknownGroups: string[] } {
    const nodes = new Set(alert.recipients ?? []);
    const unknownGroups: string[] = [];
    for (const group of alert.groups ?? []) {
      const members = this.policy.groups.get(group);
      if (members) for (const m of members) nodes.add(m);
      else unknownGroups.push(group);
    }
    return { nodes, unknownGroups };
  }

  decide(alert: AlertFacts, candidate: Candidate, directory: TrustDirectory, now: Date): Decision {
    const result = candidate.kind === 'node' ? this.forNode(alert, candidate, directory, now) : this.forHub(alert, candidate, directory);
    return { ...result, policy: this.policy.version };
  }

  /** The decision for every candidate of an alert over its origin's rate limit. */
  rateLimited(alert: AlertFacts, retryAfterMs: number): Decision {
    const limit = this.policy.rateLimit!;
    return {
      verdict: 'refuse',
      reasons: [
        reason(
          'rate-limited',
          `origin ${alert.origin} is over its limit of ${limit.perMinute} alerts per minute (burst ${limit.burst}); try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        ),
      ],
      policy: this.policy.version,
    };
  }

  private forNode(
    alert: AlertFacts,
    candidate: Extract<Candidate, { kind: 'node' }>,
    directory: TrustDirectory,
    now: Date,
  ): Omit<Decision, 'policy'> {
    const id = candidate.id;
    if (id === alert.origin) return refuse([reason('own-alert', `${id} is the origin; an alert never returns to its origin`)]);
    if (alert.scope === 'national') return refuse([reason('scope-national', 'scope national keeps the alert at its origin node')]);
    const region = directory.regionOf(id);
    if (region === undefined) return refuse([reason('unknown-recipient', `${id} is not a node of this mesh`)]);
    const found = reachReasons(this.policy, this.named(alert), alert, id, { region, originRegion: directory.regionOf(alert.origin) });
    if (candidate.direct === false) {
      // Beyond this hub: only its own checks (scope, naming) apply; the hub that delivers decides the rest.
      return found.denies.length > 0 ? refuse(found.denies) : { verdict: 'deliver', reasons: found.allows };
    }
    const member = this.policy.members.get(id);
    if (!member) return refuse([...found.denies, reason('not-in-policy', `${id} is not a member in this hub's policy`)]);
    tierReasons(this.policy, alert, id, member, found);
    if (found.denies.length > 0) return refuse(found.denies);
    return handOver(alert, member.tier, id, found.allows, now);
  }

  private forHub(alert: AlertFacts, hub: Extract<Candidate, { kind: 'hub' }>, directory: TrustDirectory): Omit<Decision, 'policy'> {
    if (alert.scope !== 'global') {
      return refuse([
        reason('scope-not-global', `scope ${alert.scope} does not leave the origin's region, so nothing goes to hub ${hub.id}`),
      ]);
    }
    const denies: Reason[] = [];
    const allows: Reason[] = [];
    const { nodes: named } = this.named(alert);
    const listed = alert.recipients !== undefined || alert.groups !== undefined;
    if (alert.tlp === 'GREEN' && this.policy.community === 'region' && !listed) {
      denies.push(reason('green-community', `TLP:GREEN stays in the origin's region under this hub's policy`));
    } else if (listed || isRestrictedTlp(alert.tlp)) {
      const behind = [...named].filter((n) => {
        const region = directory.regionOf(n);
        return region !== undefined && hub.reach.includes(region);
      });
      if (behind.length > 0)
        allows.push(reason('recipient-beyond', `named recipient(s) ${behind.sort().join(', ')} are reached via hub ${hub.id}`));
      else denies.push(reason('no-recipient-beyond', `no named recipient is reached via hub ${hub.id}`));
    } else {
      allows.push(reason('tlp-in-scope', `TLP:${alert.tlp} with scope global reaches every region, including via ${hub.id}`));
    }
    const member = this.policy.members.get(hub.id);
    if (!member) denies.push(reason('not-in-policy', `hub ${hub.id} is not a member in this hub's policy`));
    else if (tlpRank(alert.tlp) > member.tier.maxRank) {
      denies.push(reason('tier-tlp-ceiling', `hub ${hub.id} is tier ${member.tier.id}, which receives at most TLP:${member.tier.maxTlp}`));
    }
    return denies.length > 0 ? refuse(denies) : { verdict: 'deliver', reasons: allows };
  }
}
