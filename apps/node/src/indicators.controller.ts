import { ALERT_ARCHIVE, indicatorQuery, InvalidCursorError, type AlertArchive, type IndicatorMatch } from '@cirtmesh/archive';
import type { Direction, StoredAlert } from '@cirtmesh/contracts';
import { RequireRole } from '@cirtmesh/http';
import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { IndicatorSearchQueryDto } from './alert-query.dto';

export interface IndicatorHit {
  alertId: string;
  origin: string;
  direction: Direction;
  /** When the origin raised the alert. */
  createdAt: string;
  /** When this node stored it. */
  storedAt: string;
  /** Which of the alert's indicators matched, and how: exact, domain, subdomain or cidr. */
  matched: IndicatorMatch[];
  alert: StoredAlert;
}

export interface IndicatorSearchResult {
  /** The value as searched: trimmed, and lower-cased or normalised as indicators are. */
  value: string;
  items: IndicatorHit[];
  next: string | null;
}

/** "Have we seen this?" over every alert this node holds, sent and received. */
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(@Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive) {}

  @Get('search')
  @RequireRole('read')
  async search(@Query() query: IndicatorSearchQueryDto): Promise<IndicatorSearchResult> {
    try {
      const page = await this.archive.search(query.value, query.limit, query.cursor);
      return {
        value: indicatorQuery(query.value).term,
        items: page.items.map(({ record, matched }) => ({
          alertId: record.alert.id,
          origin: record.alert.origin,
          direction: record.direction,
          createdAt: record.alert.createdAt,
          storedAt: record.storedAt,
          matched,
          alert: record,
        })),
        next: page.next,
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
