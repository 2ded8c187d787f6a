import { ALERT_ARCHIVE, InvalidCursorError, type AlertArchive } from '@cirtmesh/archive';
import { AlertSubmissionDto, MeshHeaders, type StoredAlert } from '@cirtmesh/contracts';
import type { Page } from '@cirtmesh/archive';
import { RequireRole } from '@cirtmesh/http';
import { OutboundRefusedError, SubmitAlert } from '@cirtmesh/node-core';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AlertListQueryDto, toFilter } from './alert-query.dto';

@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly submit: SubmitAlert,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
  ) {}

  /** Answers 202 once the alert is stored durably in this node's JetStream. */
  @Post()
  @RequireRole('submit')
  @HttpCode(202)
  async create(
    @Body() body: AlertSubmissionDto,
    @Headers(MeshHeaders.traceparent) traceparent?: string,
  ): Promise<StoredAlert['alert'] & { seq: number }> {
    try {
      const record = await this.submit.execute(body, traceparent);
      return { ...record.alert, seq: record.seq };
    } catch (error) {
      if (error instanceof OutboundRefusedError) {
        throw new UnprocessableEntityException({ message: error.message, reasons: error.reasons });
      }
      throw error;
    }
  }

  @Get()
  @RequireRole('read')
  async list(@Query() query: AlertListQueryDto): Promise<Page<StoredAlert>> {
    try {
      return await this.archive.list(toFilter(query), query.limit, query.cursor);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get(':id')
  @RequireRole('read')
  async get(@Param('id', new ParseUUIDPipe({ version: '7' })) id: string): Promise<StoredAlert> {
    const record = await this.archive.get(id);
    if (!record) throw new NotFoundException(`alert ${id} is not held by this node`);
    return record;
  }
}
