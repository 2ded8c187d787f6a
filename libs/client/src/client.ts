import type { AlertSubmissionDto } from '@cirtmesh/contracts';
import { ApiError, ClientUsageError, ConnectionError, describeFetchFailure, isAbort } from './errors';
import { apiError, parseBaseUrl, queryString, snippet, type FetchLike, type Query } from './http';
import { streamAlerts, type StreamEvent, type StreamOptions } from './alert-stream';
import type {
  AckRequest,
  AlertFilter,
  AlertListQuery,
  FeedbackReceipt,
  IndicatorSearchPage,
  IndicatorSearchQuery,
  NodeStatus,
  Page,
  SightingRequest,
  StoredAlert,
  SubmittedAlert,
} from './types';

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

  /** Newest first. `q`: words that must all appear in the title or the description. */
  listAlerts(query: AlertListQuery = {}): Promise<Page<StoredAlert>> {
    return this.request('GET', '/api/v1/alerts', { ...query });
  }

  /** The alert with its deliveries, acks, sightings and provenance. */
  getAlert(id: string): Promise<StoredAlert> {
    return this.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}`);
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

  private async request<T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetcher(`${this.baseUrl}${path}${queryString(query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
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
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, `the node answered with something other than JSON: ${snippet(text)}`);
    }
  }
}
