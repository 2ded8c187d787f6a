import { ALERT_ARCHIVE, indicatorQuery, type AlertArchive } from '@cirtmesh/archive';
import type { IndicatorSearchResult } from '@cirtmesh/contracts';
import { Principal, RequireRole, visibleTo, type TokenEntry } from '@cirtmesh/http';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IndicatorSearchQueryDto } from './alert-query.dto';

/** "Have we seen this?" over every alert this node holds, sent and received. */
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(@Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive) {}

  @Get('search')
  @RequireRole('read')
  async search(@Query() query: IndicatorSearchQueryDto, @Principal() principal?: TokenEntry): Promise<IndicatorSearchResult> {
    const page = await this.archive.search(query.value, query.limit, query.cursor, visibleTo(principal));
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
  }
}
