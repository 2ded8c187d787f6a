import type { DecisionRecord } from '@cirtmesh/contracts';
import { DecisionLog } from '@cirtmesh/hub-core';
import { Controller, Get, Query } from '@nestjs/common';
import { IsUUID } from 'class-validator';

export class DecisionQueryDto {
  @IsUUID('7', { message: 'alert must be an alert id (UUIDv7)' })
  alert!: string;
}

@Controller('api/v1')
export class DecisionsController {
  constructor(private readonly decisions: DecisionLog) {}

  /** Every decision this hub made for one alert: recipient, verdict and reasons. */
  @Get('decisions')
  async list(@Query() query: DecisionQueryDto): Promise<{ alert: string; items: DecisionRecord[] }> {
    return { alert: query.alert, items: await this.decisions.forAlert(query.alert) };
  }
}
