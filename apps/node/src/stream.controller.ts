import { ALERT_ARCHIVE, compileFilter, type AlertArchive, type AlertFilter } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import { RequireRole } from '@cirtmesh/http';
import { AlertLog, LiveFeed } from '@cirtmesh/node-core';
import { BadRequestException, Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AlertStreamQueryDto, toFilter } from './alert-query.dto';
import type { NodeConfig } from './config';
import { NODE_CONFIG } from './tokens';

const REPLAY_PAGE = 500;
/** How long a disconnected slow client gets to read what is left, and the reason, before the socket is cut. */
const OVERFLOW_GRACE_MS = 30_000;

/**
 * Server-Sent Events. Each event's id is the alert's position in this node's log, so a client
 * that reconnects with Last-Event-ID gets everything after it: first replayed from the archive,
 * then live, with no gap between the two. A client resuming from before what the node still keeps
 * gets an `aged-out` event first. A client that reads too slowly never slows the others:
 * once its unread bytes pass the bound, it gets an `overflow` event saying so and where to resume,
 * and is disconnected.
 */
function notice(lastEventId: number, horizon: number, reason: string): string {
  return `event: aged-out\ndata: ${JSON.stringify({ lastEventId: String(lastEventId), horizon: String(horizon), reason })}\n\n`;
}

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
  ): Promise<void> {
    const resumeFrom = lastEventHeader ?? query.lastEventId;
    if (resumeFrom !== undefined && !/^\d{1,15}$/.test(resumeFrom)) {
      throw new BadRequestException('Last-Event-ID must be an event id from this stream');
    }
    const filter = toFilter(query);
    const matches = compileFilter(filter);
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
    let open = true;
    const write = (text: string): void => {
      if (!open) return;
      res.write(text);
      if (res.writableLength <= this.config.stream.bufferBytes) return;
      // Too slow: say why and where to resume, then let go of it.
      open = false;
      close();
      const reason = { reason: 'client too slow: its unread events passed the bound', lastEventId: String(lastSent) };
      res.end(`event: overflow\ndata: ${JSON.stringify(reason)}\n\n`);
      setTimeout(() => res.destroy(), OVERFLOW_GRACE_MS).unref();
    };
    const send = (record: StoredAlert): void => {
      if (record.seq <= lastSent || !matches(record)) return;
      lastSent = record.seq;
      write(`id: ${record.seq}\nevent: alert\ndata: ${JSON.stringify(record)}\n\n`);
    };
    const subscription = this.live.records.subscribe((record) => (replaying ? pending.push(record) : send(record)));
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.config.stream.heartbeatMs);
    const close = (): void => {
      open = false;
      clearInterval(heartbeat);
      subscription.unsubscribe();
      pending.length = 0;
    };
    req.on('close', close);
    if (replaying) {
      const [horizon, last] = await Promise.all([this.log.replayHorizon(), this.log.lastSeq()]);
      // Never silent: say when events after the client's id may be gone, then send what is held.
      if (lastSent > last) {
        write(
          notice(
            lastSent,
            last,
            "this node's log never reached that id (it was reset, or the id is from another node): replaying from its start",
          ),
        );
        lastSent = 0;
      } else if (lastSent < horizon) {
        write(notice(lastSent, horizon, 'events up to the horizon have aged out of what this node keeps'));
      }
      await this.replay(lastSent, filter, send, () => open);
      for (const record of pending.splice(0)) send(record);
      replaying = false;
    }
  }

  private async replay(after: number, filter: AlertFilter, send: (record: StoredAlert) => void, open: () => boolean): Promise<void> {
    let cursor = after;
    while (open()) {
      const page = await this.archive.after(cursor, filter, REPLAY_PAGE);
      for (const record of page) {
        send(record);
        cursor = record.seq;
      }
      if (page.length < REPLAY_PAGE) return;
    }
  }
}
