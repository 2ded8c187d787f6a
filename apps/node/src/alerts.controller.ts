import { ALERT_ARCHIVE, InvalidCursorError, type AlertArchive } from '@cirtmesh/archive';
import { AckDto, AlertSubmissionDto, MeshHeaders, SightingDto, type Feedback, type StoredAlert } from '@cirtmesh/contracts';
import type { Page } from '@cirtmesh/archive';
import { RequireRole } from '@cirtmesh/http';
import { FeedbackRefusedError, OutboundRefusedError, SendFeedback, SubmitAlert } from '@cirtmesh/node-core';
import {
  BadRequestException,
  Body,
  ConflictException,
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
    private readonly feedback: SendFeedback,
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

  /** "We have acted": goes back to the alert's origin only. 202 once stored for the uplink. */
  @Post(':id/ack')
  @RequireRole('submit')
  @HttpCode(202)
  ack(@Param('id', new ParseUUIDPipe({ version: '7' })) id: string, @Body() body: AckDto): Promise<Feedback & { id: string }> {
    return this.sendFeedback(() => this.feedback.ack(id, body));
  }

  /** "We see this too": count, first and last seen; goes back to the alert's origin only. */
  @Post(':id/sightings')
  @RequireRole('submit')
  @HttpCode(202)
  sighting(@Param('id', new ParseUUIDPipe({ version: '7' })) id: string, @Body() body: SightingDto): Promise<Feedback & { id: string }> {
    return this.sendFeedback(() => this.feedback.sighting(id, body));
  }

  private async sendFeedback(send: () => ReturnType<SendFeedback['ack']>): Promise<Feedback & { id: string }> {
    try {
      const event = await send();
      return { id: event.id, ...event.data };
    } catch (error) {
      if (!(error instanceof FeedbackRefusedError)) throw error;
      if (error.code === 'UNKNOWN_ALERT') throw new NotFoundException(error.message);
      if (error.code === 'OWN_ALERT') throw new ConflictException(error.message);
      throw new BadRequestException(error.message);
    }
  }
}
