import {
  checkSchema,
  DocumentError,
  INDICATOR_TYPES,
  parseDocument,
  POLICY_NAME,
  parseDurationMs,
  TLPS,
  type Category,
  type DocumentKind,
  type IndicatorType,
  type Tlp,
} from '@cirtmesh/contracts';
import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import {
  GroupSpec,
  MASKS,
  PolicySpec,
  RedactionProfileSpec,
  TierSpec,
  type Droppable,
  type Mask,
  type MemberKind,
  type RuleSpec,
} from './policy.schema';

export interface Tier {
  id: string;
  maxTlp: Tlp;
  /** Rank of maxTlp in CLEAR < GREEN < AMBER < AMBER+STRICT < RED. */
  maxRank: number;
  allowCategories?: ReadonlySet<Category>;
  denyCategories?: ReadonlySet<Category>;
  redaction?: RedactionProfile;
  embargoMs: number;
}

export interface RedactionProfile {
  id: string;
  drop: readonly Droppable[];
  mask: Readonly<Partial<Record<IndicatorType, Mask>>>;
}

export interface PolicyMember {
  id: string;
  kind: MemberKind;
  tier: Tier;
  contact?: string;
  country?: string;
  region?: string;
}

/** A hub's trust policy, validated and compiled for fast decisions. Plain data. */
export interface Policy {
  hub: string;
  /** Content hash: every decision names the version it was made under. */
  version: string;
  community: 'mesh' | 'region';
  hopLimit?: number;
  rateLimit?: { burst: number; perMinute: number };
  /** How many critical alerts an origin may send in the critical lane. */
  criticalLane: { burst: number; perMinute: number };
  tiers: ReadonlyMap<string, Tier>;
  members: ReadonlyMap<string, PolicyMember>;
  groups: ReadonlyMap<string, ReadonlySet<string>>;
  rules: readonly RuleSpec[];
  source: string;
}

/** The critical lane's default cap per origin: a burst of 60, and 60 a minute. */
export const DEFAULT_CRITICAL_LANE = { burst: 60, perMinute: 60 } as const;

export const tlpRank = (tlp: Tlp): number => TLPS.indexOf(tlp);

export class PolicyError extends DocumentError {
  static override readonly heading = 'invalid policy';
  static override readonly code = 'POLICY_INVALID';
}

export function durationMs(text: string | undefined): number {
  return text ? (parseDurationMs(text) ?? 0) : 0;
}

/** The indicator types each mask applies to. */
const MASK_FITS: Record<Mask, readonly string[]> = {
  'email-local': ['email'],
  'truncate-24': ['ipv4'],
  'truncate-48': ['ipv6'],
  remove: INDICATOR_TYPES,
};

function maskProblems(path: string, type: string, mask: string): string[] {
  const problems: string[] = [];
  if (!(INDICATOR_TYPES as readonly string[]).includes(type)) problems.push(`${path}: not an indicator type`);
  if (!(MASKS as readonly string[]).includes(mask)) problems.push(`${path}: must be one of ${MASKS.join(', ')}`);
  else if (!MASK_FITS[mask as Mask].includes(type)) problems.push(`${path}: ${mask} does not apply to ${type}`);
  return problems;
}

function compileProfiles(spec: PolicySpec, problems: string[]): Map<string, RedactionProfile> {
  const profiles = new Map<string, RedactionProfile>();
  for (const [id, raw] of Object.entries(spec.redaction ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`redaction.${id}: profile names must be ids`);
    const profile = checkSchema(RedactionProfileSpec, raw, problems, `redaction.${id}`);
    for (const [type, mask] of Object.entries(profile.mask ?? {}))
      problems.push(...maskProblems(`redaction.${id}.mask.${type}`, type, mask));
    profiles.set(id, { id, drop: profile.drop ?? [], mask: profile.mask ?? {} });
  }
  return profiles;
}

function compileTiers(spec: PolicySpec, profiles: ReadonlyMap<string, RedactionProfile>, problems: string[]): Map<string, Tier> {
  const tiers = new Map<string, Tier>();
  for (const [id, raw] of Object.entries(spec.tiers ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`tiers.${id}: tier names must be ids`);
    const tier = checkSchema(TierSpec, raw, problems, `tiers.${id}`);
    if (tier.redaction && !profiles.has(tier.redaction))
      problems.push(`tiers.${id}.redaction: no redaction profile named ${tier.redaction}`);
    tiers.set(id, {
      id,
      maxTlp: tier.maxTlp,
      maxRank: tlpRank(tier.maxTlp),
      allowCategories: tier.categories?.allow ? new Set(tier.categories.allow) : undefined,
      denyCategories: tier.categories?.deny ? new Set(tier.categories.deny) : undefined,
      redaction: tier.redaction ? profiles.get(tier.redaction) : undefined,
      embargoMs: durationMs(tier.embargo),
    });
  }
  return tiers;
}

function compileMembers(spec: PolicySpec, tiers: ReadonlyMap<string, Tier>, problems: string[]): Map<string, PolicyMember> {
  const members = new Map<string, PolicyMember>();
  (spec.members ?? []).forEach((member, i) => {
    if (members.has(member.id)) problems.push(`members.${i}.id: ${member.id} is listed twice`);
    const tier = tiers.get(member.tier);
    if (!tier) problems.push(`members.${i}.tier: no tier named ${member.tier}`);
    else {
      const { id, kind, contact, country, region } = member;
      members.set(id, { id, kind, tier, contact, country, region });
    }
  });
  return members;
}

function compileGroups(spec: PolicySpec, problems: string[]): Map<string, ReadonlySet<string>> {
  const groups = new Map<string, ReadonlySet<string>>();
  for (const [id, raw] of Object.entries(spec.groups ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`groups.${id}: group names must be ids`);
    const group = checkSchema(GroupSpec, raw, problems, `groups.${id}`);
    groups.set(id, new Set(group.members ?? []));
  }
  return groups;
}

function checkRules(spec: PolicySpec, tiers: ReadonlyMap<string, Tier>, problems: string[]): void {
  const ruleIds = new Set<string>();
  (spec.rules ?? []).forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push(`rules.${i}.id: ${rule.id} is used twice`);
    ruleIds.add(rule.id);
    if (!rule.only === !rule.lift)
      problems.push(`rules.${i}: give exactly one of "only" (who may receive) or "lift" (what stops applying)`);
    for (const tier of rule.only?.tiers ?? []) if (!tiers.has(tier)) problems.push(`rules.${i}.only.tiers: no tier named ${tier}`);
  });
}

/** Compiles a policy for fast decisions, naming by its path every problem the schema cannot see. */
function compileSpec(spec: PolicySpec, problems: string[], { document, source }: { document: object; source: string }): Policy {
  const profiles = compileProfiles(spec, problems);
  const tiers = compileTiers(spec, profiles, problems);
  const members = compileMembers(spec, tiers, problems);
  const groups = compileGroups(spec, problems);
  checkRules(spec, tiers, problems);
  return {
    hub: spec.hub,
    // RFC 8785 canonical JSON: equal policies hash equally whatever their layout. A policy with
    // problems is never used, and its document may not even be JSON, so it gets no version.
    version: problems.length === 0 ? createHash('sha256').update(canonicalize(document)).digest('hex').slice(0, 16) : '',
    community: spec.community,
    hopLimit: spec.hopLimit,
    rateLimit: spec.rateLimit ? { burst: spec.rateLimit.burst, perMinute: spec.rateLimit.perMinute } : undefined,
    criticalLane: spec.criticalLane ? { burst: spec.criticalLane.burst, perMinute: spec.criticalLane.perMinute } : DEFAULT_CRITICAL_LANE,
    tiers,
    members,
    groups,
    rules: spec.rules ?? [],
    source,
  };
}

/** A hub's trust policy document. The engine stays pure: whoever reads a file hands it to parseDocument. */
export const POLICY_DOCUMENT: DocumentKind<PolicySpec, Policy> = { schema: PolicySpec, error: PolicyError, compile: compileSpec };

/** Validates a parsed policy document and compiles it. Names every problem by its path. */
export function compilePolicy(document: unknown, source = 'policy'): Policy {
  return parseDocument({ document, source }, POLICY_DOCUMENT);
}

/** A policy that trusts every member up to RED with no redaction: the baseline rules only. */
export function openPolicy(hub: string, members: Array<{ id: string; kind: MemberKind }>): Policy {
  return compilePolicy(
    { hub, tiers: { default: { maxTlp: 'RED' } }, members: members.map((m) => ({ ...m, tier: 'default' })) },
    `built-in open policy for ${hub}`,
  );
}
