import { ApiError, ClientUsageError } from './errors';
import type { BatchItemAnswer } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type Query = Record<string, string | number | undefined>;

/** Parses and checks a node's base URL: http or https, no query; a trailing slash is dropped. */
export function parseBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClientUsageError(`"${url}" is not a URL: use one such as http://127.0.0.1:14308`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ClientUsageError(`"${url}" is not an http or https URL`);
  }
  if (parsed.search || parsed.hash) throw new ClientUsageError(`"${url}" must be a base URL, without a query`);
  return parsed.toString().replace(/\/+$/, '');
}

export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface ErrorBody {
  message?: unknown;
  error?: unknown;
  details?: unknown;
  reasons?: unknown;
  correlationId?: unknown;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The node's error body made into an ApiError: its message, then its validation details or reasons. */
export function apiError(status: number, statusText: string, text: string): ApiError {
  let body: ErrorBody | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed;
  } catch {
    // not JSON: a proxy's page, say
  }
  if (!body) return new ApiError(status, text.trim() ? snippet(text) : statusText || 'error');
  const messages = strings(body.message);
  const details: string[] = [];
  // Nest's default validation answer is a list of messages; ours is one message and details.
  const [reason, ...more] = messages.length > 0 ? messages : strings(body.error);
  details.push(...more);
  if (Array.isArray(body.details)) {
    for (const d of body.details as Array<{ field?: unknown; messages?: unknown }>) {
      const field = typeof d?.field === 'string' ? d.field : undefined;
      for (const m of strings(d?.messages)) details.push(field ? `${field}: ${m}` : m);
    }
  }
  if (Array.isArray(body.reasons)) {
    for (const r of body.reasons as Array<{ code?: unknown; text?: unknown }>) {
      const words = [r?.code, r?.text].filter((s): s is string => typeof s === 'string');
      if (words.length > 0) details.push(words.join(': '));
    }
  }
  const correlationId = typeof body.correlationId === 'string' ? body.correlationId : undefined;
  return new ApiError(status, reason ?? (statusText || 'error'), details, correlationId, body);
}

/** A refused item of a batch as the error the single endpoint would have answered with. */
export function batchItemError(item: BatchItemAnswer): ApiError {
  const details = item.details;
  const body = { ...(Array.isArray(details) ? { details } : (details ?? {})), message: item.error ?? 'refused' };
  return apiError(item.status, '', JSON.stringify(body));
}

export function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
