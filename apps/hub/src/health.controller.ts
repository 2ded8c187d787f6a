import { Streams } from '@cirtmesh/contracts';
import { Public } from '@cirtmesh/http';
import { streamsPresent } from '@cirtmesh/messaging';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { HUB_CONFIG, NATS_CONNECTION } from './tokens';

const REQUIRED = [Streams.ingest, Streams.deliver, Streams.decisions];

@Controller('api/v1/health')
export class HealthController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Public()
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const nats = !this.nc.isClosed();
    const streams = await streamsPresent(this.nc, REQUIRED);
    const ready = nats && Object.values(streams).every(Boolean);
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ok' : 'unavailable',
      hub: this.config.hubId,
      role: this.config.role,
      checks: { nats, streams },
    });
  }
}
