import { MeshMetrics } from '@cirtmesh/telemetry';
import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from './bearer.guard';

/** `GET /metrics`: the party's counts in Prometheus' text format, for a scraper's `metrics` token (or `admin`). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MeshMetrics) {}

  @Get()
  @RequireRole('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.render();
    res.setHeader('content-type', this.metrics.contentType);
    res.send(text);
  }
}
