import { compileFilter, type AlertArchive, type AlertFilter } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import type { Subscription } from 'rxjs';
import type { AlertLog } from './alert-log';
import type { LiveFeed } from './live-feed';

/** Where a live stream's events go: an SSE response, in the node's API. */
export interface EventSink {
  event(name: string, data: unknown, id?: number): void;
  comment(text: string): void;
  /** Bytes written that the client has not read yet. */
  readonly unread: number;
  /** Ends the stream with a last event, and cuts it after `graceMs` if the client has not read it. */
  finish(name: string, data: unknown, graceMs: number): void;
}

export interface StreamSessionOptions {
  /** The last event id the client saw, when it resumes. */
  resumeFrom?: number;
  filter: AlertFilter;
  /** Unread bytes one client may hold before it is disconnected. */
  bufferBytes: number;
  heartbeatMs: number;
}

const REPLAY_PAGE = 500;
/** How long a disconnected slow client gets to read what is left, and the reason, before the socket is cut. */
const OVERFLOW_GRACE_MS = 30_000;

/**
 * One client's live stream of the alerts this node stores. Each event's id is the alert's
 * position in the node's log, so a client that resumes from an id gets everything after it:
 * first replayed from the archive, then live, with no gap and nothing twice. A client resuming
 * from before what the node still keeps, or from an id it never issued, is told so first
 * (`aged-out`). A client that reads too slowly never slows the others: once its unread bytes pass
 * the bound, it gets `overflow` with where to resume, and is let go.
 */
export class StreamSession {
  private lastSent: number;
  private replaying: boolean;
  private readonly pending: StoredAlert[] = [];
  private open = true;
  /** Counted among the feed's followers until closed. */
  private following = false;
  private subscription?: Subscription;
  private heartbeat?: NodeJS.Timeout;
  private readonly matches: (record: StoredAlert) => boolean;

  constructor(
    private readonly sources: { live: LiveFeed; log: AlertLog; archive: AlertArchive },
    private readonly sink: EventSink,
    private readonly options: StreamSessionOptions,
  ) {
    this.lastSent = options.resumeFrom ?? 0;
    this.replaying = options.resumeFrom !== undefined;
    this.matches = compileFilter(options.filter);
  }

  /** Starts live delivery, and the replay first when the client resumes. */
  async run(): Promise<void> {
    if (!this.open) return;
    this.following = true;
    this.sources.live.followers.clients += 1;
    this.subscription = this.sources.live.records.subscribe((record) => (this.replaying ? this.pending.push(record) : this.send(record)));
    this.heartbeat = setInterval(() => this.write(() => this.sink.comment('heartbeat')), this.options.heartbeatMs);
    if (!this.replaying) return;
    await this.noticeGap();
    await this.replay();
    for (const record of this.pending.splice(0)) this.send(record);
    this.replaying = false;
  }

  /** The client went away. */
  close(): void {
    this.open = false;
    if (this.following) this.sources.live.followers.clients -= 1;
    this.following = false;
    clearInterval(this.heartbeat);
    this.subscription?.unsubscribe();
    this.pending.length = 0;
  }

  /** Never silent: says when events after the client's id may be gone, before what is held is sent. */
  private async noticeGap(): Promise<void> {
    const [horizon, last] = await Promise.all([this.sources.log.replayHorizon(), this.sources.log.lastSeq()]);
    const notice = (to: number, reason: string): void =>
      this.write(() => this.sink.event('aged-out', { lastEventId: String(this.lastSent), horizon: String(to), reason }));
    if (this.lastSent > last) {
      notice(last, "this node's log never reached that id (it was reset, or the id is from another node): replaying from its start");
      this.lastSent = 0;
    } else if (this.lastSent < horizon) {
      notice(horizon, 'events up to the horizon have aged out of what this node keeps');
    }
  }

  private async replay(): Promise<void> {
    let cursor = this.lastSent;
    while (this.open) {
      const page = await this.sources.archive.after(cursor, this.options.filter, REPLAY_PAGE);
      for (const record of page) {
        this.send(record);
        cursor = record.seq;
      }
      if (page.length < REPLAY_PAGE) return;
    }
  }

  private send(record: StoredAlert): void {
    if (record.seq <= this.lastSent || !this.matches(record)) return;
    this.lastSent = record.seq;
    this.write(() => this.sink.event('alert', record, record.seq));
  }

  private write(emit: () => void): void {
    if (!this.open) return;
    emit();
    if (this.sink.unread <= this.options.bufferBytes) return;
    // Too slow: say why and where to resume, then let go of it.
    this.close();
    this.sources.live.followers.overflows += 1;
    const reason = { reason: 'client too slow: its unread events passed the bound', lastEventId: String(this.lastSent) };
    this.sink.finish('overflow', reason, OVERFLOW_GRACE_MS);
  }
}
