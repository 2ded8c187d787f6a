import { Public } from '@cirtmesh/http';
import { streamsPresent } from '@cirtmesh/messaging';
import { Streams } from '@cirtmesh/contracts';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { NatsConnection } from 'nats';
import { NATS_CONNECTION, NODE_CONFIG } from './tokens';
import type { NodeConfig } from './config';

/** Readiness: the node's nats-server is connected and its stream exists. The one open route. */
@Controller('api/v1/health')
export class HealthController {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  @Public()
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const nats = !this.nc.isClosed() && this.nc.info !== undefined;
    const streams = await streamsPresent(this.nc, [Streams.alerts]);
    // The link to the hub is reported but does not gate readiness: a node keeps accepting offline.
    let uplink = false;
    try {
      await this.nc.jetstream({ domain: this.config.region, timeout: 1_000 }).consumers.get(Streams.deliver, this.config.nodeId);
      uplink = true;
    } catch {
      uplink = false;
    }
    const ready = nats && streams[Streams.alerts];
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ok' : 'unavailable',
      node: this.config.nodeId,
      region: this.config.region,
      checks: { nats, streams, uplink },
    });
  }
}
