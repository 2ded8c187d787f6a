import { RequireRole } from '@cirtmesh/http';
import type { NodeStatus } from '@cirtmesh/contracts';
import { ReadNodeStatus } from '@cirtmesh/node-core';
import { Controller, Get } from '@nestjs/common';

/** For operators: links, lags and health, read live from the broker. */
@Controller('api/v1/status')
export class StatusController {
  constructor(private readonly status: ReadNodeStatus) {}

  @Get()
  @RequireRole('read')
  read(): Promise<NodeStatus> {
    return this.status.execute();
  }
}
