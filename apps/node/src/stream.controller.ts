import { ALERT_ARCHIVE, matchesFilter, type AlertArchive, type AlertFilter } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import { RequireRole } from '@cirtmesh/http';
import { LiveFeed } from '@cirtmesh/node-core';
import { BadRequestException, Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AlertStreamQueryDto, toFilter } from './alert-query.dto';

const HEARTBEAT_MS = 15_000;
const REPLAY_PAGE = 500;

/**
 * Server-Sent Events. Each event's id is the alert's position in this node's log, so a client
 * that reconnects with Last-Event-ID gets everything after it: first replayed from the archive,
 * then live, with no gap between the two.
 */
@Controller('api/v1/alerts')
export class StreamController {
  constructor(
    private readonly live: LiveFeed,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
  ) {}

  @Get('stream')
  @RequireRole('read')
  async stream(
    @Query() query: AlertStreamQueryDto,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const resumeFrom = lastEventHeader ?? query.lastEventId;
    if (resumeFrom !== undefined && !/^\d{1,15}$/.test(resumeFrom)) {
      throw new BadRequestException('Last-Event-ID must be an event id from this stream');
    }
    const filter = toFilter(query);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');

    let lastSent = resumeFrom === undefined ? 0 : Number(resumeFrom);
    let replaying = resumeFrom !== undefined;
    const pending: StoredAlert[] = [];
    const send = (record: StoredAlert): void => {
      if (record.seq <= lastSent || !matchesFilter(record, filter)) return;
      lastSent = record.seq;
      res.write(`id: ${record.seq}\nevent: alert\ndata: ${JSON.stringify(record)}\n\n`);
    };
    const subscription = this.live.records.subscribe((record) => (replaying ? pending.push(record) : send(record)));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
    });
    if (replaying) {
      await this.replay(lastSent, filter, send);
      for (const record of pending.splice(0)) send(record);
      replaying = false;
    }
  }

  private async replay(after: number, filter: AlertFilter, send: (record: StoredAlert) => void): Promise<void> {
    let cursor = after;
    for (;;) {
      const page = await this.archive.after(cursor, filter, REPLAY_PAGE);
      for (const record of page) {
        send(record);
        cursor = record.seq;
      }
      if (page.length < REPLAY_PAGE) return;
    }
  }
}
