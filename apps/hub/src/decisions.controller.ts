import type { DecisionRecord } from '@cirtmesh/contracts';
import { DecisionLog, type RejectedMessage } from '@cirtmesh/hub-core';
import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class DecisionQueryDto {
  @IsUUID('7', { message: 'alert must be an alert id (UUIDv7)' })
  alert!: string;
}

export class RejectedQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

@Controller('api/v1')
export class DecisionsController {
  constructor(private readonly decisions: DecisionLog) {}

  /** Every decision this hub made for one alert: recipient, verdict and reasons. */
  @Get('decisions')
  list(@Query() query: DecisionQueryDto): { alert: string; items: DecisionRecord[] } {
    return { alert: query.alert, items: this.decisions.forAlert(query.alert) };
  }

  /** Messages this hub terminated because they could never be valid, newest first. */
  @Get('rejected')
  rejected(@Query() query: RejectedQueryDto): { items: RejectedMessage[] } {
    return { items: this.decisions.recentRejected(query.limit) };
  }
}
