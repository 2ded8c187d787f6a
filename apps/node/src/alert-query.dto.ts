import { CATEGORIES, SEVERITIES, TLPS, type Category, type Direction, type Severity, type Tlp } from '@cirtmesh/contracts';
import type { AlertFilter } from '@cirtmesh/archive';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Filters shared by the list and the live stream. */
export class AlertFilterDto {
  @IsOptional()
  @IsIn(['sent', 'received'])
  direction?: Direction;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'origin must be a node id' })
  origin?: string;

  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @IsOptional()
  @IsIn(TLPS)
  tlp?: Tlp;

  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class AlertListQueryDto extends AlertFilterDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

export class AlertStreamQueryDto extends AlertFilterDto {
  /** For clients that cannot set the Last-Event-ID header (the header wins). */
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'lastEventId must be an event id from this stream' })
  lastEventId?: string;
}

export function toFilter(dto: AlertFilterDto): AlertFilter {
  const { direction, origin, category, severity, tlp, since } = dto;
  return { direction, origin, category, severity, tlp, since };
}
