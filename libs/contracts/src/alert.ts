import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AlertSubmissionDto } from './alert.dto';
import { PARTY_ID } from './ids';
import { CloudEventBase } from './cloudevent';
import type { Redaction } from './decision';
import type { DeliveryOutcome, HandoffSummary } from './receipt';
import type { StoredSummary } from './stored';
import type { AckSummary, SightingSummary } from './feedback';
import { SCOPES, type Scope } from './vocabulary';

/**
 * What a spam or abuse campaign alert summarises: the reports a node folded into it over one
 * window (Res. 45: a campaign, not a flood). Reporters and victims are not in it.
 */
export class Campaign {
  @IsInt()
  @Min(1)
  reports!: number;

  @IsISO8601({ strict: true })
  firstSeen!: string;

  @IsISO8601({ strict: true })
  lastSeen!: string;

  /** The reports' own types: X-ARF `category/type`, ARF `Feedback-Type`. */
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  types!: string[];
}

/**
 * An alert as the mesh carries it: the submission plus what the origin node adds.
 * The class is the one definition of the shape; it validates alerts read from the wire too.
 */
export class Alert extends AlertSubmissionDto {
  /** UUIDv7, so ids sort by creation time. */
  @IsUUID('7')
  id!: string;

  @Matches(PARTY_ID, { message: 'origin must be a node id' })
  origin!: string;

  @IsISO8601({ strict: true })
  createdAt!: string;

  @IsIn(SCOPES)
  declare scope: Scope;

  /** Set by the node on an alert it folded from spam and abuse reports. */
  @IsOptional()
  @ValidateNested()
  @Type(() => Campaign)
  campaign?: Campaign;
}

export const ALERT_EVENT_TYPE = 'org.cirtmesh.alert.v1';
export const ALERT_SOURCE_PREFIX = 'cirtmesh://node/';

/**
 * CloudEvents 1.0, structured JSON mode. `source` + `id` is unique per event.
 * Extension attributes carry what routing needs without opening `data`.
 */
export class AlertEvent extends CloudEventBase {
  @Equals(ALERT_EVENT_TYPE)
  type!: typeof ALERT_EVENT_TYPE;

  @IsString()
  tlp!: string;

  @IsString()
  severity!: string;

  @IsString()
  category!: string;

  @IsString()
  scope!: string;

  @ValidateNested()
  @Type(() => Alert)
  data!: Alert;

  /** Signature by the origin over the RFC 8785 canonical form of `data`. */
  @IsOptional()
  @Equals('ed25519')
  sigalg?: 'ed25519';

  /** Which of the origin's keys signed. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sigkid?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{86}$/, { message: 'sig must be an Ed25519 signature, base64url' })
  sig?: string;

  /** Hubs that redacted the alert: their signed attestations, canonical JSON, base64url. */
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  attestations?: string;
}

export type Direction = 'sent' | 'received';

/** An alert as a node keeps it: the alert plus where it sits in the node's own log. */
export interface StoredAlert {
  /** Position in the node's ALERTS stream; also the live stream's event id. */
  seq: number;
  direction: Direction;
  /** When this node stored it. */
  storedAt: string;
  /** Hubs the alert crossed to get here (received alerts). */
  via: string[];
  alert: Alert;
  /** Sent alerts: what each recipient node's hub decided, as receipts report it (latest per recipient). */
  deliveries?: DeliveryOutcome[];
  /** Sent alerts: where each hub handed it on to another hub, as receipts report it (latest per hub and next hub). */
  handoffs?: HandoffSummary[];
  /** Sent alerts: when each recipient stored it, as its stored notices report it. */
  stored?: StoredSummary[];
  /** Who acknowledged the alert ("we have acted"), first time per node. */
  acks?: AckSummary[];
  /** Sightings reported per node ("we see this too"), summed. */
  sightings?: SightingSummary[];
  /** The W3C trace context of the alert's trace, as the node's log carries it: where to look for its spans. */
  traceparent?: string;
  /** AMBER+STRICT: for this organisation only; never in exports or feeds meant for constituents. */
  handling?: 'organisation-only';
  /** Received alerts: who signed it, and every hub that changed it, as verified on arrival. */
  provenance?: {
    origin: { node: string; kid: string };
    attestations: Array<{ hub: string; kid: string; at: string; redactions: Redaction[] }>;
  };
}
