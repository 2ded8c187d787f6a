import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamAlerts, toStreamEvent, type StreamEvent, type StreamOptions } from './alert-stream';
import { ApiError, ConnectionError } from './errors';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** A stand-in node's live stream: each connection is handled by the next handler (the last repeats). */
async function sseServer(handlers: Handler[]): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    const attempt = requests.length - 1;
    handlers[Math.min(attempt, handlers.length - 1)](req, res, attempt);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const record = (seq: number): string => JSON.stringify({ seq, direction: 'received', alert: { id: `a${seq}`, title: `t${seq}` } });
const open = (res: ServerResponse, retryMs = 20): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(`retry: ${retryMs}\n: connected\n\n`);
};
const alertEvent = (seq: number): string => `id: ${seq}\nevent: alert\ndata: ${record(seq)}\n\n`;

/** Reads events until `stop` says so, then ends the stream. */
async function collect(options: StreamOptions, stop: (events: StreamEvent[]) => boolean): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of streamAlerts(options)) {
    events.push(event);
    if (stop(events)) break;
  }
  return events;
}

describe(streamAlerts.name, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  it('reconnects after a drop with Last-Event-ID of the last alert, and says so', async () => {
    const node = await sseServer([
      (_req, res) => {
        open(res);
        res.end(alertEvent(1) + alertEvent(2));
      },
      (_req, res) => {
        open(res);
        res.write(alertEvent(3));
      },
    ]);
    servers.push(node.server);
    const events = await collect({ url: node.url, token: 'tk', filter: { severity: 'high' } }, (e) =>
      e.some((x) => x.type === 'alert' && x.id === '3'),
    );
    expect(events.map((e) => (e.type === 'alert' ? `alert ${e.id}` : e.type))).toEqual([
      'connected',
      'alert 1',
      'alert 2',
      'disconnected',
      'connected',
      'alert 3',
    ]);
    expect(events[3]).toMatchObject({ type: 'disconnected', reason: 'the node closed the stream', retryInMs: 20, lastEventId: '2' });
    expect(events[4]).toEqual({ type: 'connected', reconnected: true, resumedAfter: '2' });
    expect(node.requests.map((r) => [r.url, r.headers['last-event-id'], r.headers.authorization])).toEqual([
      ['/api/v1/alerts/stream?severity=high', undefined, 'Bearer tk'],
      ['/api/v1/alerts/stream?severity=high', '2', 'Bearer tk'],
    ]);
    expect(events[1]).toMatchObject({ type: 'alert', record: { seq: 1 }, data: record(1) });
  });

  it('reports overflow and aged-out, then resumes after the last alert received', async () => {
    const node = await sseServer([
      (_req, res) => {
        open(res);
        res.write(alertEvent(5));
        res.write(`event: aged-out\ndata: ${JSON.stringify({ lastEventId: '5', horizon: 9, reason: 'retention' })}\n\n`);
        res.end(`event: overflow\ndata: ${JSON.stringify({ reason: 'client too slow', lastEventId: '5' })}\n\n`);
      },
      (_req, res) => open(res),
    ]);
    servers.push(node.server);
    const events = await collect(
      { url: node.url, token: 't', lastEventId: '4' },
      (e) => e.filter((x) => x.type === 'connected').length === 2,
    );
    expect(events).toEqual([
      { type: 'connected', reconnected: false, resumedAfter: '4' },
      expect.objectContaining({ type: 'alert', id: '5' }),
      { type: 'aged-out', reason: 'retention', lastEventId: '5', horizon: '9' },
      { type: 'overflow', reason: 'client too slow', lastEventId: '5' },
      expect.objectContaining({ type: 'disconnected', lastEventId: '5' }),
      { type: 'connected', reconnected: true, resumedAfter: '5' },
    ]);
    expect(node.requests.map((r) => r.headers['last-event-id'])).toEqual(['4', '5']);
  });

  it('does not retry a refused token, nor a first connection that fails', async () => {
    const node = await sseServer([
      (_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 401, message: 'a valid bearer token is required' }));
      },
    ]);
    servers.push(node.server);
    await expect(collect({ url: node.url, token: 'bad' }, () => false)).rejects.toThrow(
      new ApiError(401, 'a valid bearer token is required'),
    );
    expect(node.requests).toHaveLength(1);
    await expect(collect({ url: 'http://127.0.0.1:1', token: 't' }, () => false)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('retries server errors with growing waits once it has been connected', async () => {
    const node = await sseServer([
      (_req, res) => {
        open(res, 10);
        res.end();
      },
      (_req, res) => {
        res.writeHead(503);
        res.end('busy');
      },
      (_req, res) => {
        res.writeHead(503);
        res.end('busy');
      },
      (_req, res) => open(res),
    ]);
    servers.push(node.server);
    const events = await collect({ url: node.url, token: 't' }, (e) => e.filter((x) => x.type === 'connected').length === 2);
    expect(events.filter((e) => e.type === 'disconnected').map((e) => (e.type === 'disconnected' ? [e.reason, e.retryInMs] : []))).toEqual([
      ['the node closed the stream', 10],
      ['503 busy', 10],
      ['503 busy', 20],
    ]);
  });

  it('replaces a connection that falls silent', async () => {
    const node = await sseServer([(_req, res) => open(res), (_req, res) => open(res)]);
    servers.push(node.server);
    const events = await collect(
      { url: node.url, token: 't', idleTimeoutMs: 150, retryMs: 10 },
      (e) => e.filter((x) => x.type === 'connected').length === 2,
    );
    expect(events[1]).toMatchObject({ type: 'disconnected', reason: 'nothing received for 0.15 s' });
  });

  it('ends when its signal aborts', async () => {
    const node = await sseServer([(_req, res) => open(res)]);
    servers.push(node.server);
    const stop = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of streamAlerts({ url: node.url, token: 't', signal: stop.signal })) {
      events.push(event);
      stop.abort();
    }
    expect(events).toEqual([{ type: 'connected', reconnected: false, resumedAfter: undefined }]);
  });
});

describe(toStreamEvent.name, () => {
  it('drops unknown events and alerts without an id or with broken data', () => {
    expect(toStreamEvent({ event: 'ping', data: '{}' })).toBeUndefined();
    expect(toStreamEvent({ event: 'alert', data: record(1) })).toBeUndefined();
    expect(toStreamEvent({ event: 'alert', id: '1', data: '{broken' })).toBeUndefined();
    expect(toStreamEvent({ event: 'overflow', data: 'not json' })).toEqual({
      type: 'overflow',
      reason: 'the node cut the stream',
      lastEventId: undefined,
    });
  });
});
