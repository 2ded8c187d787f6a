import type { ServerResponse } from 'node:http';

/** One Server-Sent Events frame carrying `data` as JSON. */
export function sseFrame(event: string, data: unknown, id?: number | string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Writes a Server-Sent Events stream on an HTTP response: the headers that keep proxies from
 * buffering it, frames and comments, and how much the client has not read yet.
 */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {}

  /** Sends the headers, the client's reconnect delay, and a first comment. */
  open(retryMs = 2_000): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.res.write(`retry: ${retryMs}\n: connected\n\n`);
  }

  event(name: string, data: unknown, id?: number): void {
    this.res.write(sseFrame(name, data, id));
  }

  comment(text: string): void {
    this.res.write(`: ${text}\n\n`);
  }

  /** Bytes written that the client has not read yet. */
  get unread(): number {
    return this.res.writableLength;
  }

  /** Ends the stream with a last event; cuts the connection after `graceMs` if the client has not read it by then. */
  finish(name: string, data: unknown, graceMs: number): void {
    this.res.end(sseFrame(name, data));
    setTimeout(() => this.res.destroy(), graceMs).unref();
  }
}
