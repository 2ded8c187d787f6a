import { RejectedLog, type RejectedMessage } from '@cirtmesh/messaging';
import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RejectedQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

/** Messages this party terminated because they could never be valid, newest first. */
@Controller('api/v1/rejected')
export class RejectedController {
  constructor(private readonly rejected: RejectedLog) {}

  @Get()
  list(@Query() query: RejectedQueryDto): { items: RejectedMessage[] } {
    return { items: this.rejected.list(query.limit) };
  }
}
