import { isRestrictedTlp, type Reason } from '@cirtmesh/contracts';
import { tlpRank, type Policy, type RedactionProfile } from './policy';
import type { AlertFacts, Candidate, Decision, TrustDirectory, TrustPolicy } from './trust-policy';

const reason = (code: string, text: string): Reason => ({ code, text });

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
    const originRegion = directory.regionOf(alert.origin);
    const denies: Reason[] = [];
    const allows: Reason[] = [];
    if (alert.scope === 'regional' && region !== originRegion) {
      denies.push(reason('out-of-scope', `${id} is in region ${region}; scope regional reaches only region ${originRegion ?? 'unknown'}`));
    }
    const { nodes: named, unknownGroups } = this.named(alert);
    const listed = alert.recipients !== undefined || alert.groups !== undefined;
    const isNamed = named.has(id);
    const via = alert.recipients?.includes(id) ? 'named directly' : 'named through a sharing group';
    if (isRestrictedTlp(alert.tlp)) {
      if (isNamed) allows.push(reason('tlp-named', `TLP:${alert.tlp} and ${id} is ${via}`));
      else denies.push(reason('tlp-not-named', `TLP:${alert.tlp} goes only to named recipients and groups, and ${id} is in neither`));
    } else if (listed && !isNamed) {
      denies.push(reason('not-in-recipients', `the alert names its recipients and groups, and ${id} is not among them`));
    } else if (alert.tlp === 'GREEN' && this.policy.community === 'region' && region !== originRegion) {
      denies.push(
        reason(
          'green-community',
          `TLP:GREEN stays in the origin's community, region ${originRegion ?? 'unknown'}, under this hub's policy`,
        ),
      );
    } else {
      allows.push(
        reason('tlp-in-scope', `TLP:${alert.tlp} reaches ${isNamed ? `${id}, ${via},` : 'everyone'} within scope ${alert.scope}`),
      );
    }
    if (unknownGroups.length > 0 && !isNamed && (isRestrictedTlp(alert.tlp) || listed)) {
      denies.push(reason('unknown-group', `this hub's policy has no sharing group ${unknownGroups.join(', ')}`));
    }
    if (candidate.direct === false) {
      // Beyond this hub: only its own checks (scope, naming) apply; the hub that delivers decides the rest.
      return denies.length > 0 ? refuse(denies) : { verdict: 'deliver', reasons: allows };
    }
    const member = this.policy.members.get(id);
    if (!member) return refuse([...denies, reason('not-in-policy', `${id} is not a member in this hub's policy`)]);
    const tier = member.tier;
    const matching = this.policy.rules.filter((rule) => ruleMatches(rule.when, alert));
    const lifted = matching.find((rule) => rule.lift === 'tier-categories');
    if (tlpRank(alert.tlp) > tier.maxRank) {
      denies.push(reason('tier-tlp-ceiling', `${id} is tier ${tier.id}, which receives at most TLP:${tier.maxTlp}`));
    }
    const categoryDenied =
      (tier.allowCategories !== undefined && !tier.allowCategories.has(alert.category)) ||
      tier.denyCategories?.has(alert.category) === true;
    if (categoryDenied && lifted) {
      allows.push(
        reason(`rule:${lifted.id}`, lifted.description ?? `rule ${lifted.id} lifts tier ${tier.id}'s category filter for this alert`),
      );
    } else if (categoryDenied) {
      const which = tier.allowCategories
        ? `receives only ${[...tier.allowCategories].join(', ')}, not ${alert.category}`
        : `does not receive ${alert.category} alerts`;
      denies.push(reason('tier-category', `tier ${tier.id} ${which}`));
    }
    for (const rule of matching) {
      const only = rule.only;
      if (!only) continue;
      const fits =
        (!only.tiers || only.tiers.includes(tier.id)) &&
        (!only.kinds || only.kinds.includes(member.kind)) &&
        (!only.members || only.members.includes(id));
      if (!fits)
        denies.push(
          reason(`rule:${rule.id}`, rule.description ?? `rule ${rule.id} limits who receives this alert, and ${id} does not fit it`),
        );
    }
    if (denies.length > 0) return refuse(denies);
    allows.push(reason('tier-allows', `${id} is tier ${tier.id}, which receives up to TLP:${tier.maxTlp}`));
    const redaction = tier.redaction?.id;
    const embargoEnds = Math.max(
      alert.notBefore ? Date.parse(alert.notBefore) : 0,
      tier.embargoMs > 0 ? Date.parse(alert.createdAt) + tier.embargoMs : 0,
    );
    if (embargoEnds > now.getTime()) {
      const notBefore = new Date(embargoEnds).toISOString();
      const why =
        alert.notBefore && Date.parse(alert.notBefore) === embargoEnds ? 'the sender embargoed it' : `tier ${tier.id} has an embargo`;
      return { verdict: 'defer', reasons: [...allows, reason('embargo', `${why} until ${notBefore}`)], redaction, notBefore };
    }
    if (redaction) allows.push(reason('redacted', `tier ${tier.id} receives it with redaction profile ${redaction}`));
    return { verdict: 'deliver', reasons: allows, redaction };
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

function refuse(reasons: Reason[]): Omit<Decision, 'policy'> {
  return { verdict: 'refuse', reasons };
}

function ruleMatches(when: Policy['rules'][number]['when'], alert: AlertFacts): boolean {
  if (when.category && !when.category.includes(alert.category)) return false;
  if (when.scope && !when.scope.includes(alert.scope)) return false;
  if (when.tlp && !when.tlp.includes(alert.tlp)) return false;
  if (when.origin && !when.origin.includes(alert.origin)) return false;
  if (when.sectors && !(alert.sectors ?? []).some((s) => when.sectors!.includes(s))) return false;
  return true;
}
