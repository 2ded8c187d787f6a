import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PARTY_ID } from './ids';
import { CloudEventBase } from './cloudevent';
import { LANES, type Lane } from './subjects';

export const RECEIPT_EVENT_TYPE = 'org.cirtmesh.receipt.v1';
export const RECEIPT_SOURCE_PREFIX = 'cirtmesh://hub/';
export const OUTCOMES = ['delivered', 'refused', 'deferred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export class ReasonDto {
  @IsString()
  @MaxLength(100)
  code!: string;

  @IsString()
  @MaxLength(1_000)
  text!: string;
}

export class RedactionDto {
  @IsString()
  @MaxLength(200)
  field!: string;

  @IsString()
  @MaxLength(100)
  action!: string;
}

/** What a hub decided for one candidate, why, when, and in which lane it went. */
abstract class HubOutcome {
  @IsIn(OUTCOMES)
  outcome!: Outcome;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReasonDto)
  reasons!: ReasonDto[];

  @IsISO8601({ strict: true })
  decidedAt!: string;

  /** The lane it was handed on in. */
  @IsOptional()
  @IsIn(LANES)
  lane?: Lane;
}

/** What happened to one alert at one recipient node, as the hub that decided reports it. */
export class DeliveryOutcome extends HubOutcome {
  @Matches(PARTY_ID)
  recipient!: string;

  @Matches(PARTY_ID)
  hub!: string;

  @IsString()
  @MaxLength(64)
  policy!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => RedactionDto)
  redactions?: RedactionDto[];

  @IsOptional()
  @IsISO8601({ strict: true })
  notBefore?: string;
}

/** A hub's hand-off of an alert to another hub (up to the tier above, or down to a region). */
export class HandoffOutcome extends HubOutcome {
  /** The hub it was handed to. */
  @Matches(PARTY_ID)
  to!: string;
}

/** A hub's decisions about one alert, sent back to the alert's origin. */
export class Receipt {
  @IsUUID('7')
  alertId!: string;

  @Matches(PARTY_ID)
  origin!: string;

  @Matches(PARTY_ID)
  hub!: string;

  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => DeliveryOutcome)
  outcomes!: DeliveryOutcome[];

  /** Where this hub handed the alert on to other hubs: the route's inner hops, for the origin's trace. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => HandoffOutcome)
  handoffs?: HandoffOutcome[];
}

/** A hand-off as the origin keeps it: which hub handed the alert to which, when, and how it went. */
export interface HandoffSummary extends HandoffOutcome {
  hub: string;
}

/** CloudEvents 1.0 envelope of a receipt. */
export class ReceiptEvent extends CloudEventBase {
  @Equals(RECEIPT_EVENT_TYPE)
  type!: typeof RECEIPT_EVENT_TYPE;

  @ValidateNested()
  @Type(() => Receipt)
  data!: Receipt;
}
