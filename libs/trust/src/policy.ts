import {
  describeValidationErrors,
  INDICATOR_TYPES,
  POLICY_NAME,
  parseDurationMs,
  TLPS,
  type Category,
  type IndicatorType,
  type Tlp,
} from '@cirtmesh/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import { parse as parseYaml, YAMLParseError } from 'yaml';
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
  tiers: ReadonlyMap<string, Tier>;
  members: ReadonlyMap<string, PolicyMember>;
  groups: ReadonlyMap<string, ReadonlySet<string>>;
  rules: readonly RuleSpec[];
  source: string;
}

export const tlpRank = (tlp: Tlp): number => TLPS.indexOf(tlp);

export class PolicyError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid policy:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyError';
  }
}

function check<T extends object>(cls: new () => T, value: unknown, path: string, problems: string[]): T {
  const instance = plainToInstance(cls, value ?? {});
  problems.push(...describeValidationErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }), path));
  return instance;
}

export function durationMs(text: string | undefined): number {
  return text ? (parseDurationMs(text) ?? 0) : 0;
}

/** Validates a parsed policy document and compiles it. Names every problem by its path. */
export function compilePolicy(document: unknown, source = 'policy'): Policy {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new PolicyError(source, ['the document must be a mapping']);
  }
  const problems: string[] = [];
  const spec = check(PolicySpec, document, '', problems);
  const profiles = new Map<string, RedactionProfile>();
  for (const [id, raw] of Object.entries(spec.redaction ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`redaction.${id}: profile names must be ids`);
    const profile = check(RedactionProfileSpec, raw, `redaction.${id}`, problems);
    for (const [type, mask] of Object.entries(profile.mask ?? {})) {
      if (!(INDICATOR_TYPES as readonly string[]).includes(type)) problems.push(`redaction.${id}.mask.${type}: not an indicator type`);
      if (!(MASKS as readonly string[]).includes(mask)) problems.push(`redaction.${id}.mask.${type}: must be one of ${MASKS.join(', ')}`);
      const fits = { 'email-local': ['email'], 'truncate-24': ['ipv4'], 'truncate-48': ['ipv6'], remove: INDICATOR_TYPES } as Record<
        string,
        readonly string[]
      >;
      if (fits[mask as string] && !fits[mask as string].includes(type))
        problems.push(`redaction.${id}.mask.${type}: ${mask} does not apply to ${type}`);
    }
    profiles.set(id, { id, drop: profile.drop ?? [], mask: profile.mask ?? {} });
  }
  const tiers = new Map<string, Tier>();
  for (const [id, raw] of Object.entries(spec.tiers ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`tiers.${id}: tier names must be ids`);
    const tier = check(TierSpec, raw, `tiers.${id}`, problems);
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
  const members = new Map<string, PolicyMember>();
  (spec.members ?? []).forEach((member, i) => {
    if (members.has(member.id)) problems.push(`members.${i}.id: ${member.id} is listed twice`);
    const tier = tiers.get(member.tier);
    if (!tier) problems.push(`members.${i}.tier: no tier named ${member.tier}`);
    else
      members.set(member.id, {
        id: member.id,
        kind: member.kind,
        tier,
        contact: member.contact,
        country: member.country,
        region: member.region,
      });
  });
  const groups = new Map<string, ReadonlySet<string>>();
  for (const [id, raw] of Object.entries(spec.groups ?? {})) {
    if (!POLICY_NAME.test(id)) problems.push(`groups.${id}: group names must be ids`);
    const group = check(GroupSpec, raw, `groups.${id}`, problems);
    groups.set(id, new Set(group.members ?? []));
  }
  const ruleIds = new Set<string>();
  (spec.rules ?? []).forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push(`rules.${i}.id: ${rule.id} is used twice`);
    ruleIds.add(rule.id);
    if (!rule.only === !rule.lift)
      problems.push(`rules.${i}: give exactly one of "only" (who may receive) or "lift" (what stops applying)`);
    for (const tier of rule.only?.tiers ?? []) if (!tiers.has(tier)) problems.push(`rules.${i}.only.tiers: no tier named ${tier}`);
  });
  if (problems.length > 0) throw new PolicyError(source, problems);
  return {
    hub: spec.hub,
    // RFC 8785 canonical JSON: equal policies hash equally whatever their layout.
    version: createHash('sha256').update(canonicalize(document)).digest('hex').slice(0, 16),
    community: spec.community,
    hopLimit: spec.hopLimit,
    rateLimit: spec.rateLimit ? { burst: spec.rateLimit.burst, perMinute: spec.rateLimit.perMinute } : undefined,
    tiers,
    members,
    groups,
    rules: spec.rules ?? [],
    source,
  };
}

/** Parses YAML text into a compiled policy. Pure: the caller reads the file. */
export function parsePolicy(text: string, source: string): Policy {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new PolicyError(source, [`not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`]);
  }
  return compilePolicy(document, source);
}

/** A policy that trusts every member up to RED with no redaction: the baseline rules only. */
export function openPolicy(hub: string, members: Array<{ id: string; kind: MemberKind }>): Policy {
  return compilePolicy(
    { hub, tiers: { default: { maxTlp: 'RED' } }, members: members.map((m) => ({ ...m, tier: 'default' })) },
    `built-in open policy for ${hub}`,
  );
}
