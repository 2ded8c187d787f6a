import {
  CATEGORIES,
  LIMITS,
  PARTY_ID,
  SEVERITIES,
  TLPS,
  type Category,
  type Direction,
  type Severity,
  type Tlp,
} from '@cirtmesh/contracts';
import type { AlertFilter } from '@cirtmesh/archive';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/** Filters shared by the list and the live stream. */
export class AlertFilterDto {
  @IsOptional()
  @IsIn(['sent', 'received'])
  direction?: Direction;

  @IsOptional()
  @Matches(PARTY_ID, { message: 'origin must be a node id' })
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

  /** Full text over title and description: every word must appear. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/[\p{L}\p{N}]{2}/u, { message: 'q must hold at least one word of two or more letters or digits' })
  q?: string;
}

/** Adds a page's parameters to a query: how many, and where the previous page ended. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires any[] for a mixin's constructor
function Paged<T extends new (...args: any[]) => object>(Base: T) {
  class PagedQuery extends Base {
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
  return PagedQuery;
}

export class AlertListQueryDto extends Paged(AlertFilterDto) {}

/** `GET /api/v1/indicators/search`: any value an indicator could hold. */
export class IndicatorSearchQueryDto extends Paged(class {}) {
  @IsString()
  @Length(1, LIMITS.indicatorValueMax)
  @Matches(/\S/, { message: 'value must not be blank' })
  value!: string;
}

export class AlertStreamQueryDto extends AlertFilterDto {
  /** For clients that cannot set the Last-Event-ID header (the header wins). */
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'lastEventId must be an event id from this stream' })
  lastEventId?: string;
}

export function toFilter(dto: AlertFilterDto): AlertFilter {
  const { direction, origin, category, severity, tlp, since, q } = dto;
  return { direction, origin, category, severity, tlp, since, q };
}
