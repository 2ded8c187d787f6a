import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { activeTraceparent } from '@cirtmesh/telemetry';
import {
  AckDto,
  AlertSubmissionDto,
  MeshHeaders,
  SightingDto,
  type AlertRoute,
  type Feedback,
  type StoredAlert,
} from '@cirtmesh/contracts';
import type { Page } from '@cirtmesh/archive';
import { Principal, RequireRole, visibleTo, type TokenEntry } from '@cirtmesh/http';
import { AlertFormats, alertRoute, SendFeedback, SubmitAlert } from '@cirtmesh/node-core';
import { STIX_MEDIA } from '@cirtmesh/taxii';
import type { Response } from 'express';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { AlertListQueryDto, toFilter } from './alert-query.dto';
import { AlertBatchDto, checkBatch, itemResult, type BatchItemResult } from './batch';
import type { NodeConfig } from './config';
import { NODE_CONFIG } from './tokens';
import { heldFor } from './visible';

/** Alert ids are UUIDv7. */
const UUID7 = new ParseUUIDPipe({ version: '7' });

@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly submit: SubmitAlert,
    private readonly feedback: SendFeedback,
    private readonly formats: AlertFormats,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** Answers 202 once the alert is stored durably in this node's JetStream. */
  @Post()
  @RequireRole('submit')
  @HttpCode(202)
  async create(
    @Body() body: AlertSubmissionDto,
    @Headers(MeshHeaders.traceparent) traceparent?: string,
  ): Promise<StoredAlert['alert'] & { seq: number }> {
    // Traced, the alert's trace starts at this request's span (a child of the caller's traceparent).
    const record = await this.submit.execute(body, activeTraceparent() ?? traceparent);
    return { ...record.alert, seq: record.seq };
  }

  /**
   * Up to 500 submissions at once, stored with one wait for the stream. Answers 207: each item
   * stored with its id, or refused with the status and errors the single endpoint gives it; a
   * refused item stores nothing and the others are unaffected.
   */
  @Post('batch')
  @RequireRole('submit')
  @HttpCode(207)
  async createBatch(
    @Body() body: AlertBatchDto,
    @Headers(MeshHeaders.traceparent) traceparent?: string,
  ): Promise<{ results: BatchItemResult[] }> {
    const { valid, refused } = checkBatch(body.alerts);
    const stored = await this.submit.executeBatch(
      valid.map((v) => v.submission),
      activeTraceparent() ?? traceparent,
    );
    const results = [...refused, ...stored.map((result, i) => itemResult(valid[i].index, result))];
    return { results: results.sort((a, b) => a.index - b.index) };
  }

  @Get()
  @RequireRole('read')
  list(@Query() query: AlertListQueryDto, @Principal() principal?: TokenEntry): Promise<Page<StoredAlert>> {
    return this.archive.list({ ...toFilter(query), ...visibleTo(principal) }, query.limit, query.cursor);
  }

  @Get(':id')
  @RequireRole('read')
  get(@Param('id', UUID7) id: string, @Principal() principal?: TokenEntry): Promise<StoredAlert> {
    return heldFor(this.archive, id, principal);
  }

  /**
   * "Where is my alert?": its route as this node knows it. For an alert sent from here, every hub
   * and recipient with the time of each hop (from the hubs' receipts and the recipients' stored
   * notices); for one received, the hubs it crossed and when it was stored here.
   */
  @Get(':id/route')
  @RequireRole('read')
  async route(@Param('id', UUID7) id: string, @Principal() principal?: TokenEntry): Promise<AlertRoute> {
    return alertRoute(await heldFor(this.archive, id, principal), this.config.nodeId);
  }

  /** One alert as a STIX 2.1 bundle or a MISP event, for tools that take files. */
  @Get(':id/export')
  @RequireRole('read')
  async export(
    @Param('id', UUID7) id: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) res: Response,
    @Principal() principal?: TokenEntry,
  ): Promise<unknown> {
    if (format !== 'stix' && format !== 'misp') throw new BadRequestException('format must be stix or misp');
    const record = await heldFor(this.archive, id, principal);
    if (format === 'misp') return this.formats.mispEvent(record);
    res.type(STIX_MEDIA);
    return this.formats.stixBundle(record);
  }

  /** "We have acted": goes back to the alert's origin only. 202 once stored for the uplink. */
  @Post(':id/ack')
  @RequireRole('submit')
  @HttpCode(202)
  async ack(@Param('id', UUID7) id: string, @Body() body: AckDto, @Principal() principal?: TokenEntry): Promise<Feedback & { id: string }> {
    await heldFor(this.archive, id, principal);
    const event = await this.feedback.ack(id, body);
    return { id: event.id, ...event.data };
  }

  /** "We see this too": count, first and last seen; goes back to the alert's origin only. */
  @Post(':id/sightings')
  @RequireRole('submit')
  @HttpCode(202)
  async sighting(
    @Param('id', UUID7) id: string,
    @Body() body: SightingDto,
    @Principal() principal?: TokenEntry,
  ): Promise<Feedback & { id: string }> {
    await heldFor(this.archive, id, principal);
    const event = await this.feedback.sighting(id, body);
    return { id: event.id, ...event.data };
  }
}
