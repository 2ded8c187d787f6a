import 'reflect-metadata';
import {
  CATEGORIES,
  DURATION,
  INDICATOR_TYPES,
  PARTY_ID,
  PARTY_ID_RULE,
  POLICY_NAME,
  POLICY_NAME_RULE,
  SCOPES,
  TLPS,
  type Category,
  type IndicatorType,
  type Scope,
  type Tlp,
} from '@cirtmesh/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** The YAML shape of a hub's trust policy, as operators write it. */

const NAME_MESSAGE = `must be ${POLICY_NAME_RULE}`;
const PARTY_MESSAGE = `must be a party id: ${PARTY_ID_RULE}`;
export const MEMBER_KINDS = ['national', 'government', 'sector', 'academic', 'hub'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
/** email-local: j***@example.org; truncate-24: an IPv4 becomes its /24; truncate-48: an IPv6 its /48; remove: the indicator goes. */
export const MASKS = ['email-local', 'truncate-24', 'truncate-48', 'remove'] as const;
export type Mask = (typeof MASKS)[number];
export const DROPPABLE = ['description', 'references', 'sectors'] as const;
export type Droppable = (typeof DROPPABLE)[number];

export class CategoryFilterSpec {
  @IsOptional()
  @IsArray()
  @IsIn(CATEGORIES, { each: true })
  allow?: Category[];

  @IsOptional()
  @IsArray()
  @IsIn(CATEGORIES, { each: true })
  deny?: Category[];
}

export class TierSpec {
  /** The widest TLP a member of this tier may receive. */
  @IsIn(TLPS)
  maxTlp!: Tlp;

  @IsOptional()
  @ValidateNested()
  @Type(() => CategoryFilterSpec)
  categories?: CategoryFilterSpec;

  /** Redaction profile applied to what this tier receives. */
  @IsOptional()
  @Matches(POLICY_NAME, { message: `redaction ${NAME_MESSAGE}` })
  redaction?: string;

  /** Delay after an alert's creation before this tier receives it. */
  @IsOptional()
  @Matches(DURATION, { message: 'embargo must be a duration such as 30s, 15m, 2h or 1d' })
  embargo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class RedactionProfileSpec {
  @IsOptional()
  @IsArray()
  @IsIn(DROPPABLE, { each: true })
  drop?: Droppable[];

  /** Indicator type -> how its values are masked. */
  @IsOptional()
  @IsObject()
  mask?: Partial<Record<IndicatorType, Mask>>;
}

export class MemberSpec {
  @Matches(PARTY_ID, { message: `id ${PARTY_MESSAGE}` })
  id!: string;

  @IsIn(MEMBER_KINDS)
  kind!: MemberKind;

  /** Optional, for reviewers; checked against the mesh file when given. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as KE' })
  country?: string;

  /** Optional, for reviewers; checked against the mesh file when given. */
  @IsOptional()
  @Matches(PARTY_ID, { message: `region ${PARTY_MESSAGE}` })
  region?: string;

  @Matches(POLICY_NAME, { message: `tier ${NAME_MESSAGE}` })
  tier!: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  contact?: string;
}

export class GroupSpec {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(PARTY_ID, { each: true, message: `each member ${PARTY_MESSAGE}` })
  members!: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class RuleMatchSpec {
  @IsOptional()
  @IsArray()
  @IsIn(CATEGORIES, { each: true })
  category?: Category[];

  @IsOptional()
  @IsArray()
  @IsIn(SCOPES, { each: true })
  scope?: Scope[];

  @IsOptional()
  @IsArray()
  @IsIn(TLPS, { each: true })
  tlp?: Tlp[];

  /** Matches when the alert names any of these sectors. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  sectors?: string[];

  @IsOptional()
  @IsArray()
  @Matches(PARTY_ID, { each: true })
  origin?: string[];
}

export class RuleOnlySpec {
  @IsOptional()
  @IsArray()
  @Matches(POLICY_NAME, { each: true })
  tiers?: string[];

  @IsOptional()
  @IsArray()
  @IsIn(MEMBER_KINDS, { each: true })
  kinds?: MemberKind[];

  @IsOptional()
  @IsArray()
  @Matches(PARTY_ID, { each: true })
  members?: string[];
}

export const LIFTS = ['tier-categories'] as const;
export type Lift = (typeof LIFTS)[number];

/**
 * When an alert matches `when`: with `only`, only recipients that fit it may receive it; with
 * `lift: tier-categories`, tiers' category filters do not apply to it (every other rule still does).
 */
export class RuleSpec {
  @Matches(POLICY_NAME, { message: `id ${NAME_MESSAGE}` })
  id!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ValidateNested()
  @Type(() => RuleMatchSpec)
  when!: RuleMatchSpec;

  @IsOptional()
  @ValidateNested()
  @Type(() => RuleOnlySpec)
  only?: RuleOnlySpec;

  @IsOptional()
  @IsIn(LIFTS)
  lift?: Lift;
}

export class RateLimitSpec {
  /** Alerts an origin may send at once. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  burst!: number;

  /** Alerts per minute an origin earns back. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perMinute!: number;
}

export class PolicySpec {
  @Matches(PARTY_ID, { message: `hub ${PARTY_MESSAGE}` })
  hub!: string;

  /** Who GREEN reaches: every member in scope (`mesh`), or only the origin's region (`region`). */
  @IsOptional()
  @IsIn(['mesh', 'region'])
  community: 'mesh' | 'region' = 'mesh';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  hopLimit?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitSpec)
  rateLimit?: RateLimitSpec;

  /**
   * Critical alerts an origin may send in the critical lane (default: a burst of 60, 60 a
   * minute); beyond that they travel in the bulk lane, and the decision record says so.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitSpec)
  criticalLane?: RateLimitSpec;

  @IsObject()
  tiers!: Record<string, TierSpec>;

  @IsOptional()
  @IsObject()
  redaction?: Record<string, RedactionProfileSpec>;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MemberSpec)
  members!: MemberSpec[];

  @IsOptional()
  @IsObject()
  groups?: Record<string, GroupSpec>;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RuleSpec)
  rules?: RuleSpec[];
}

export { INDICATOR_TYPES };
