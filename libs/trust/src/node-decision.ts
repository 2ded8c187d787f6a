import { isRestrictedTlp } from '@cirtmesh/contracts';
import { tlpRank, type Policy, type PolicyMember, type Tier } from './policy';
import { reason, type Findings } from './reasons';
import type { AlertFacts, Decision } from './trust-policy';

/**
 * Scope and naming: the checks every hub on the path applies to a node, whether it delivers to it
 * or only passes the alert on towards it.
 */
export function reachReasons(
  policy: Policy,
  named: { nodes: Set<string>; unknownGroups: string[] },
  alert: AlertFacts,
  id: string,
  where: { region: string; originRegion: string | undefined },
): Findings {
  const { region, originRegion } = where;
  const found: Findings = { denies: [], allows: [] };
  if (alert.scope === 'regional' && region !== originRegion) {
    found.denies.push(
      reason('out-of-scope', `${id} is in region ${region}; scope regional reaches only region ${originRegion ?? 'unknown'}`),
    );
  }
  const listed = alert.recipients !== undefined || alert.groups !== undefined;
  const isNamed = named.nodes.has(id);
  const via = alert.recipients?.includes(id) ? 'named directly' : 'named through a sharing group';
  if (isRestrictedTlp(alert.tlp)) {
    if (isNamed) found.allows.push(reason('tlp-named', `TLP:${alert.tlp} and ${id} is ${via}`));
    else found.denies.push(reason('tlp-not-named', `TLP:${alert.tlp} goes only to named recipients and groups, and ${id} is in neither`));
  } else if (listed && !isNamed) {
    found.denies.push(reason('not-in-recipients', `the alert names its recipients and groups, and ${id} is not among them`));
  } else if (alert.tlp === 'GREEN' && policy.community === 'region' && region !== originRegion) {
    const text = `TLP:GREEN stays in the origin's community, region ${originRegion ?? 'unknown'}, under this hub's policy`;
    found.denies.push(reason('green-community', text));
  } else {
    const who = isNamed ? `${id}, ${via},` : 'everyone';
    found.allows.push(reason('tlp-in-scope', `TLP:${alert.tlp} reaches ${who} within scope ${alert.scope}`));
  }
  if (named.unknownGroups.length > 0 && !isNamed && (isRestrictedTlp(alert.tlp) || listed)) {
    found.denies.push(reason('unknown-group', `this hub's policy has no sharing group ${named.unknownGroups.join(', ')}`));
  }
  return found;
}

/** What a member's tier and the policy's rules allow it: the TLP ceiling, categories (unless a rule lifts them), `only` rules. */
export function tierReasons(policy: Policy, alert: AlertFacts, id: string, member: PolicyMember, found: Findings): void {
  const tier = member.tier;
  const matching = policy.rules.filter((rule) => ruleMatches(rule.when, alert));
  const lifted = matching.find((rule) => rule.lift === 'tier-categories');
  if (tlpRank(alert.tlp) > tier.maxRank) {
    found.denies.push(reason('tier-tlp-ceiling', `${id} is tier ${tier.id}, which receives at most TLP:${tier.maxTlp}`));
  }
  const categoryDenied =
    (tier.allowCategories !== undefined && !tier.allowCategories.has(alert.category)) || tier.denyCategories?.has(alert.category) === true;
  if (categoryDenied && lifted) {
    const text = lifted.description ?? `rule ${lifted.id} lifts tier ${tier.id}'s category filter for this alert`;
    found.allows.push(reason(`rule:${lifted.id}`, text));
  } else if (categoryDenied) {
    const which = tier.allowCategories
      ? `receives only ${[...tier.allowCategories].join(', ')}, not ${alert.category}`
      : `does not receive ${alert.category} alerts`;
    found.denies.push(reason('tier-category', `tier ${tier.id} ${which}`));
  }
  for (const rule of matching) {
    const only = rule.only;
    if (!only) continue;
    const fits =
      (!only.tiers || only.tiers.includes(tier.id)) &&
      (!only.kinds || only.kinds.includes(member.kind)) &&
      (!only.members || only.members.includes(id));
    if (!fits) {
      found.denies.push(
        reason(`rule:${rule.id}`, rule.description ?? `rule ${rule.id} limits who receives this alert, and ${id} does not fit it`),
      );
    }
  }
}

/** Delivers now (with the tier's redaction), or defers until the sender's or the tier's embargo lifts. */
export function handOver(alert: AlertFacts, tier: Tier, id: string, allows: Findings['allows'], now: Date): Omit<Decision, 'policy'> {
  const reasons = [...allows, reason('tier-allows', `${id} is tier ${tier.id}, which receives up to TLP:${tier.maxTlp}`)];
  const redaction = tier.redaction?.id;
  const embargoEnds = Math.max(
    alert.notBefore ? Date.parse(alert.notBefore) : 0,
    tier.embargoMs > 0 ? Date.parse(alert.createdAt) + tier.embargoMs : 0,
  );
  if (embargoEnds > now.getTime()) {
    const notBefore = new Date(embargoEnds).toISOString();
    const why =
      alert.notBefore && Date.parse(alert.notBefore) === embargoEnds ? 'the sender embargoed it' : `tier ${tier.id} has an embargo`;
    return { verdict: 'defer', reasons: [...reasons, reason('embargo', `${why} until ${notBefore}`)], redaction, notBefore };
  }
  if (redaction) reasons.push(reason('redacted', `tier ${tier.id} receives it with redaction profile ${redaction}`));
  return { verdict: 'deliver', reasons, redaction };
}

function ruleMatches(when: Policy['rules'][number]['when'], alert: AlertFacts): boolean {
  if (when.category && !when.category.includes(alert.category)) return false;
  if (when.scope && !when.scope.includes(alert.scope)) return false;
  if (when.tlp && !when.tlp.includes(alert.tlp)) return false;
  if (when.origin && !when.origin.includes(alert.origin)) return false;
  if (when.sectors && !(alert.sectors ?? []).some((s) => when.sectors!.includes(s))) return false;
  return true;
}
