import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { Principal, RequireRole, SseWriter, visibleTo, type TokenEntry } from '@cirtmesh/http';
import { AlertLog, LiveFeed, StreamSession } from '@cirtmesh/node-core';
import { BadRequestException, Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AlertStreamQueryDto, toFilter } from './alert-query.dto';
import type { NodeConfig } from './config';
import { NODE_CONFIG } from './tokens';

/** Server-Sent Events of the alerts this node stores, resumable with Last-Event-ID (see StreamSession). */
@Controller('api/v1/alerts')
export class StreamController {
  constructor(
    private readonly live: LiveFeed,
    private readonly log: AlertLog,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  @Get('stream')
  @RequireRole('read')
  async stream(
    @Query() query: AlertStreamQueryDto,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
    @Principal() principal?: TokenEntry,
  ): Promise<void> {
    const resumeFrom = lastEventHeader ?? query.lastEventId;
    if (resumeFrom !== undefined && !/^\d{1,15}$/.test(resumeFrom)) {
      throw new BadRequestException('Last-Event-ID must be an event id from this stream');
    }
    const writer = new SseWriter(res);
    writer.open();
    const session = new StreamSession({ live: this.live, log: this.log, archive: this.archive }, writer, {
      resumeFrom: resumeFrom === undefined ? undefined : Number(resumeFrom),
      filter: { ...toFilter(query), ...visibleTo(principal) },
      ...this.config.stream,
    });
    req.on('close', () => session.close());
    await session.run();
  }
}
