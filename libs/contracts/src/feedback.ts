import { Type } from 'class-transformer';
import {
  Equals,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PARTY_ID } from './ids';
import { CloudEventBase } from './cloudevent';

export const FEEDBACK_EVENT_TYPE = 'org.cirtmesh.feedback.v1';
export const FEEDBACK_SOURCE_PREFIX = 'cirtmesh://node/';
export const FEEDBACK_KINDS = ['ack', 'sighting'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Most sightings one report can carry; larger counts are sent as several reports. */
export const MAX_SIGHTING_COUNT = 1_000_000_000;

/** `POST /api/v1/alerts/:id/sightings`: "we see this too". */
export class SightingDto {
  @IsInt()
  @Min(1)
  @Max(MAX_SIGHTING_COUNT)
  count!: number;

  @IsISO8601({ strict: true })
  firstSeen!: string;

  @IsISO8601({ strict: true })
  lastSeen!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  note?: string;
}

/** `POST /api/v1/alerts/:id/ack`: "we have acted". */
export class AckDto {
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  note?: string;
}

/** A recipient's word back to an alert's origin. */
export class Feedback {
  @IsUUID('7')
  alertId!: string;

  /** The alert's origin, where the feedback goes. */
  @Matches(PARTY_ID)
  origin!: string;

  /** The node that reports. */
  @Matches(PARTY_ID)
  from!: string;

  @IsIn(FEEDBACK_KINDS)
  kind!: FeedbackKind;

  @IsISO8601({ strict: true })
  at!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  note?: string;

  /** Sightings only. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SightingDto)
  sighting?: SightingDto;
}

/** CloudEvents 1.0 envelope of feedback. */
export class FeedbackEvent extends CloudEventBase {
  @Equals(FEEDBACK_EVENT_TYPE)
  type!: typeof FEEDBACK_EVENT_TYPE;

  @ValidateNested()
  @Type(() => Feedback)
  data!: Feedback;
}

/** What an alert's record shows of its feedback. */
export interface AckSummary {
  node: string;
  /** The first acknowledgement from that node. */
  at: string;
}

export interface SightingSummary {
  node: string;
  /** Summed over every report from that node. */
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Sightings problems a schema cannot express; empty when the report is sound. */
export function sightingProblems(sighting: SightingDto, now: Date): string[] {
  const problems: string[] = [];
  const first = Date.parse(sighting.firstSeen);
  const last = Date.parse(sighting.lastSeen);
  if (first > last) problems.push('firstSeen must not be after lastSeen');
  if (last > now.getTime() + 5 * 60_000) problems.push('lastSeen must not be in the future');
  return problems;
}

/**
 * Folds feedback into an alert's summaries. Idempotent per feedback event id only when the
 * caller skips ids it has applied; this function itself just adds.
 */
export function foldFeedback(
  acks: AckSummary[] = [],
  sightings: SightingSummary[] = [],
  feedback: Feedback,
): { acks: AckSummary[]; sightings: SightingSummary[] } {
  const byNode = <T extends { node: string }>(list: T[]): T[] => [...list].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  if (feedback.kind === 'ack') {
    const held = acks.find((a) => a.node === feedback.from);
    if (held && held.at <= feedback.at) return { acks, sightings };
    return { acks: byNode([...acks.filter((a) => a.node !== feedback.from), { node: feedback.from, at: feedback.at }]), sightings };
  }
  const s = feedback.sighting;
  if (!s) return { acks, sightings };
  const held = sightings.find((x) => x.node === feedback.from);
  const merged: SightingSummary = held
    ? {
        node: feedback.from,
        count: held.count + s.count,
        firstSeen: s.firstSeen < held.firstSeen ? s.firstSeen : held.firstSeen,
        lastSeen: s.lastSeen > held.lastSeen ? s.lastSeen : held.lastSeen,
      }
    : { node: feedback.from, count: s.count, firstSeen: s.firstSeen, lastSeen: s.lastSeen };
  return { acks, sightings: byNode([...sightings.filter((x) => x.node !== feedback.from), merged]) };
}
