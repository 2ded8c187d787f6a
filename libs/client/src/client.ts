import type { AlertSubmissionDto } from '@cirtmesh/contracts';
import { ApiError, ClientUsageError, ConnectionError, describeFetchFailure, isAbort } from './errors';
import { apiError, parseBaseUrl, queryString, snippet, type FetchLike, type Query } from './http';
import { streamAlerts, type StreamEvent, type StreamOptions } from './alert-stream';
import {
  EXPORT_FORMATS,
  exportFileName,
  IMPORT_FORMATS,
  IMPORT_MEDIA_TYPES,
  STIX_MEDIA_TYPE,
  type ExportedAlert,
  type ExportFormat,
  type ImportAnswer,
  type ImportFormat,
  type ImportOptions,
} from './interop';
import type {
  AckRequest,
  BatchAnswer,
  AlertFilter,
  AlertListQuery,
  AlertRoute,
  FeedbackReceipt,
  IndicatorSearchPage,
  IndicatorSearchQuery,
  NodeStatus,
  Page,
  SightingRequest,
  StoredAlert,
  SubmittedAlert,
} from './types';

/** The most submissions the node takes in one batch. */
export const BATCH_MAX_ALERTS = 500;
/** A batch's body stays under this, well inside the node's 8 MiB limit for the route. */
export const BATCH_MAX_BYTES = 6 * 1024 * 1024;

export interface ClientOptions {
  /** The node's base URL, such as `https://cirt.example.ke` or `http://127.0.0.1:14308`. */
  url: string;
  /** A bearer token of the node's tokens file. */
  token: string;
  /** Gives up on a request (not on a live stream) after this long. Default 30 s. */
  timeoutMs?: number;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
}

/**
 * A typed client of a national node's HTTP API. It uses only `fetch`, so it runs in a browser
 * as well as in Node.js. Every failure is an `ApiError` (the node answered with an error) or a
 * `ConnectionError` (it could not be reached).
 */
export class CirtmeshClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetcher: FetchLike;

  constructor(options: ClientOptions) {
    this.baseUrl = parseBaseUrl(options.url);
    if (!options.token) throw new ClientUsageError('a token is required');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Answers once the node has stored the alert in its own log (202). */
  submit(submission: AlertSubmissionDto): Promise<SubmittedAlert> {
    return this.request('POST', '/api/v1/alerts', {}, submission);
  }

  /**
   * Up to `BATCH_MAX_ALERTS` submissions in one request (207): each item is stored or refused on
   * its own, with the single endpoint's status and reasons; a refused item stores nothing.
   */
  submitBatch(submissions: unknown[]): Promise<BatchAnswer> {
    return this.request('POST', '/api/v1/alerts/batch', {}, { alerts: submissions });
  }

  /** Newest first. `q`: words that must all appear in the title or the description. */
  listAlerts(query: AlertListQuery = {}): Promise<Page<StoredAlert>> {
    return this.request('GET', '/api/v1/alerts', { ...query });
  }

  /** The alert with its deliveries, acks, sightings and provenance. */
  getAlert(id: string): Promise<StoredAlert> {
    return this.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}`);
  }

  /** "Where is my alert?": its route as this node knows it, with the time of each hop. */
  getRoute(id: string): Promise<AlertRoute> {
    return this.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}/route`);
  }

  /** "We have acted": sent back to the alert's origin. */
  ack(id: string, body: AckRequest = {}): Promise<FeedbackReceipt> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, {}, body);
  }

  /** "We see this too": sent back to the alert's origin. */
  reportSighting(id: string, body: SightingRequest): Promise<FeedbackReceipt> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/sightings`, {}, body);
  }

  /** "Have we seen this?": alerts with a matching indicator, newest first. */
  searchIndicators(value: string, query: IndicatorSearchQuery = {}): Promise<IndicatorSearchPage> {
    return this.request('GET', '/api/v1/indicators/search', { value, ...query });
  }

  /** Links, lags and health, read live by the node. */
  status(): Promise<NodeStatus> {
    return this.request('GET', '/api/v1/status');
  }

  /** The live stream, resumed with Last-Event-ID after every drop. See `streamAlerts`. */
  stream(filter: AlertFilter = {}, options: Omit<StreamOptions, 'url' | 'token' | 'fetch' | 'filter'> = {}): AsyncGenerator<StreamEvent> {
    return streamAlerts({ ...options, url: this.baseUrl, token: this.token, fetch: this.fetcher, filter });
  }

  /**
   * Imports a document of another format (202): the node makes its own alerts of it (reports fold
   * into spam campaigns first) and answers with what it made, opened and skipped. A document
   * that is not the format is a 400 or a 415 that stores nothing.
   */
  async importDocument(format: ImportFormat, body: string | Uint8Array, options: ImportOptions = {}): Promise<ImportAnswer> {
    if (!IMPORT_FORMATS.includes(format)) throw new ClientUsageError(`format must be one of ${IMPORT_FORMATS.join(', ')}`);
    const query = { scope: options.scope, recipients: options.recipients?.join(','), groups: options.groups?.join(',') };
    const answer = await this.send('POST', `/api/v1/import/${format}`, query, { type: IMPORT_MEDIA_TYPES[format], data: body });
    return this.parse<ImportAnswer>(answer);
  }

  /** One alert as a STIX 2.1 bundle or a MISP event, with the text as the node sent it, to save as a file. */
  async exportAlert(id: string, format: ExportFormat): Promise<ExportedAlert> {
    if (!EXPORT_FORMATS.includes(format)) throw new ClientUsageError(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const path = `/api/v1/alerts/${encodeURIComponent(id)}/export`;
    const answer = await this.send('GET', path, { format }, undefined, `${STIX_MEDIA_TYPE}, application/json`);
    const document = this.parse<unknown>(answer);
    return { format, contentType: answer.contentType, text: answer.text, document, fileName: exportFileName(id, format) };
  }

  private async request<T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> {
    const raw = body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) };
    return this.parse<T>(await this.send(method, path, query, raw));
  }

  /** Sends a request; resolves the answer of a 2xx, throws ApiError for any other status and ConnectionError when unreachable. */
  private async send(method: string, path: string, query: Query, body?: RawBody, accept = 'application/json'): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept };
    if (body !== undefined) headers['content-type'] = body.type;
    let res: Response;
    try {
      res = await this.fetcher(`${this.baseUrl}${path}${queryString(query)}`, {
        method,
        headers,
        // Any Uint8Array is a valid body; the DOM types want one over a plain ArrayBuffer.
        body: body?.data as RequestInit['body'],
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ConnectionError(this.baseUrl, describeFetchFailure(error, this.timeoutMs), { cause: error });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new ConnectionError(this.baseUrl, describeFetchFailure(error, this.timeoutMs), { cause: error });
    }
    if (!res.ok) throw apiError(res.status, res.statusText, text);
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  }

  private parse<T>(answer: Answer): T {
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new ApiError(answer.status, `the node answered with something other than JSON: ${snippet(answer.text)}`);
    }
  }
}

/** A body sent as it is, with its media type. */
interface RawBody {
  type: string;
  data: string | Uint8Array;
}

/** A successful answer, its body read as text. */
interface Answer {
  status: number;
  contentType: string;
  text: string;
}
