import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { apiError, parseBaseUrl, queryString, type FetchLike } from './http';
import { ApiError, ConnectionError, describeFetchFailure } from './errors';
import { backoffMs } from '@cirtmesh/retry';
import type { AlertFilter, StoredAlert } from './types';

/** What the live stream reports, in order. */
export type StreamEvent =
  /** Connected (again). `resumedAfter`: the Last-Event-ID sent, if any. */
  | { type: 'connected'; reconnected: boolean; resumedAfter?: string }
  /** An alert; `data` is the event's JSON as the node sent it. */
  | { type: 'alert'; id: string; record: StoredAlert; data: string }
  /** The node cut this client off for reading too slowly; the stream resumes from `lastEventId`. */
  | { type: 'overflow'; reason: string; lastEventId?: string }
  /** Alerts after `lastEventId` are no longer held by the node: some were missed for good. */
  | { type: 'aged-out'; reason: string; lastEventId?: string; horizon?: string }
  /** The connection dropped; the stream reconnects in `retryInMs`, resuming after `lastEventId`. */
  | { type: 'disconnected'; reason: string; retryInMs: number; lastEventId?: string };

export interface StreamOptions {
  url: string;
  token: string;
  filter?: AlertFilter;
  /** Resume after this event id; by default the stream starts with what arrives from now on. */
  lastEventId?: string;
  /** Ends the stream (the generator returns). */
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** First wait before reconnecting, until the node says otherwise with `retry:`. Default 2 s. */
  retryMs?: number;
  /** Waits double after each failed attempt, up to this. Default 30 s. */
  maxRetryMs?: number;
  /**
   * A connection that carries nothing, not even a heartbeat, for this long is taken as dead and
   * replaced. Default 60 s; 0 turns it off.
   */
  idleTimeoutMs?: number;
  /**
   * By default a first connection that fails throws (a wrong URL or token should not retry
   * forever); once connected, every drop is retried. Set this to retry the first one too.
   */
  retryFirstConnection?: boolean;
}

/** 401, 403, 400 and 404 will not change by asking again; anything else may. */
export function isRetryableStatus(status: number): boolean {
  return !(status >= 400 && status < 500) || status === 408 || status === 429;
}

/** The largest event the parser buffers: an alert is at most 1 MiB on the wire. */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;

function parseJson(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Maps one parsed SSE message to a stream event; unknown event types are dropped. */
export function toStreamEvent(message: EventSourceMessage): StreamEvent | undefined {
  switch (message.event ?? '') {
    case 'alert': {
      const record = parseJson(message.data);
      if (!record || message.id === undefined) return undefined;
      return { type: 'alert', id: message.id, record: record as unknown as StoredAlert, data: message.data };
    }
    case 'overflow': {
      const body = parseJson(message.data) ?? {};
      return { type: 'overflow', reason: text(body.reason) ?? 'the node cut the stream', lastEventId: text(body.lastEventId) };
    }
    case 'aged-out': {
      const body = parseJson(message.data) ?? {};
      return {
        type: 'aged-out',
        reason: text(body.reason) ?? 'events after this id are no longer held',
        lastEventId: text(body.lastEventId),
        horizon: text(body.horizon),
      };
    }
    default:
      return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** What one stream carries from connection to connection. */
interface StreamState {
  lastEventId?: string;
  retryMs: number;
  connections: number;
  failures: number;
}

interface StreamLimits {
  maxRetryMs: number;
  idleTimeoutMs: number;
}

/** Aborts a connection that carries nothing for too long; it runs only while waiting on the network. */
class IdleWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  fired = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  arm(): void {
    if (this.ms <= 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }

  pause(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The node's live alert stream (`GET /api/v1/alerts/stream`), as an async generator.
 *
 * Every alert's event id is its position in the node's log. When the connection drops, the node
 * closes it (a restart, an `overflow`) or it falls silent, this reconnects with `Last-Event-ID`
 * set to the last alert received, so nothing is missed or repeated, and reports `disconnected`
 * then `connected`. A refusal that asking again cannot fix (401, 403, 400, 404) throws `ApiError`.
 * Uses only `fetch`, so it also runs in a browser.
 */
export async function* streamAlerts(options: StreamOptions): AsyncGenerator<StreamEvent> {
  const { signal } = options;
  const limits: StreamLimits = { maxRetryMs: options.maxRetryMs ?? 30_000, idleTimeoutMs: options.idleTimeoutMs ?? 60_000 };
  const state: StreamState = { lastEventId: options.lastEventId, retryMs: options.retryMs ?? 2_000, connections: 0, failures: 0 };
  while (!signal?.aborted) {
    const connection = new AbortController();
    const stop = (): void => connection.abort();
    signal?.addEventListener('abort', stop, { once: true });
    const idle = new IdleWatch(limits.idleTimeoutMs, stop);
    let reason: string;
    try {
      yield* connectOnce(options, state, limits, connection.signal, idle);
      reason = 'the node closed the stream';
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof ApiError && !isRetryableStatus(error.status)) throw error;
      const failure =
        error instanceof ApiError || error instanceof ConnectionError
          ? error
          : new ConnectionError(
              options.url,
              idle.fired ? `nothing received for ${limits.idleTimeoutMs / 1000} s` : describeFetchFailure(error),
              {
                cause: error,
              },
            );
      if (state.connections === 0 && !options.retryFirstConnection) throw failure;
      reason = failure instanceof ConnectionError ? failure.reason : failure.message;
      state.failures += 1;
    } finally {
      idle.pause();
      signal?.removeEventListener('abort', stop);
      connection.abort();
    }
    const retryInMs = backoffMs(state.failures - 1, { baseMs: state.retryMs, capMs: limits.maxRetryMs });
    yield { type: 'disconnected', reason, retryInMs, lastEventId: state.lastEventId };
    await sleep(retryInMs, options.signal);
  }
}

/** One connection: asks for the stream from the last event id, then yields what it carries until it ends. */
async function* connectOnce(
  options: StreamOptions,
  state: StreamState,
  limits: StreamLimits,
  signal: AbortSignal,
  idle: IdleWatch,
): AsyncGenerator<StreamEvent> {
  const url = `${parseBaseUrl(options.url)}/api/v1/alerts/stream${queryString({ ...options.filter })}`;
  const fetcher: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' };
  if (state.lastEventId !== undefined) headers['last-event-id'] = state.lastEventId;
  idle.arm();
  let res: Response;
  try {
    res = await fetcher(url, { headers, signal, cache: 'no-store' });
  } catch (error) {
    const why = idle.fired ? `no answer within ${limits.idleTimeoutMs / 1000} s` : describeFetchFailure(error);
    throw new ConnectionError(options.url, why, { cause: error });
  }
  if (!res.ok) throw apiError(res.status, res.statusText, await res.text().catch(() => ''));
  if (!res.body) throw new ConnectionError(options.url, 'the answer has no body to stream');
  state.failures = 0;
  idle.pause();
  yield { type: 'connected', reconnected: state.connections++ > 0, resumedAfter: state.lastEventId };
  idle.arm();
  yield* readEvents(res.body, options.url, state, limits, idle);
}

/** Parses the event stream as it arrives; the idle clock runs only while waiting on the network, not while the caller handles an event. */
async function* readEvents(
  body: ReadableStream<Uint8Array>,
  url: string,
  state: StreamState,
  limits: StreamLimits,
  idle: IdleWatch,
): AsyncGenerator<StreamEvent> {
  const pending: StreamEvent[] = [];
  let parseFailure: ParseError | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (message) => {
      const event = toStreamEvent(message);
      if (!event) return;
      if (event.type === 'alert') state.lastEventId = event.id;
      pending.push(event);
    },
    onRetry: (ms) => {
      if (ms > 0) state.retryMs = Math.min(ms, limits.maxRetryMs);
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') parseFailure = error;
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    idle.pause();
    parser.feed(decoder.decode(value, { stream: true }));
    if (parseFailure) throw new ConnectionError(url, `the stream sent an event over ${MAX_EVENT_CHARS} characters`);
    while (pending.length > 0) yield pending.shift()!;
    idle.arm();
  }
}
