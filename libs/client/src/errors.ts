/** The node answered, with an error status. `message` is the node's own words, made one line. */
export class ApiError extends Error {
  readonly code = 'API_ERROR';

  constructor(
    readonly status: number,
    /** The node's message, without the validation details. */
    readonly reason: string,
    /** Validation problems, one per field and message: `title: title must be ...`. */
    readonly details: string[] = [],
    /** The node's id for this error in its logs. */
    readonly correlationId?: string,
    /** The parsed body, as the node sent it. */
    readonly body?: unknown,
  ) {
    super(`${status} ${[reason, ...details].filter((s) => s.length > 0).join('; ')}`);
    this.name = 'ApiError';
  }
}

/** The node could not be reached, or stopped answering. */
export class ConnectionError extends Error {
  readonly code = 'UNREACHABLE';

  constructor(
    readonly url: string,
    /** Why, for a person: `connection refused`, `no answer within 30 s`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach ${url}: ${reason}`, options);
    this.name = 'ConnectionError';
  }
}

/** A usage problem found before anything was sent: a bad base URL, a bad argument. */
export class ClientUsageError extends Error {
  readonly code = 'CLIENT_USAGE';

  constructor(message: string) {
    super(message);
    this.name = 'ClientUsageError';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not trusted',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
};

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Why a fetch failed, in a few words. Runtimes wrap the network error differently (a TypeError
 * whose `cause` has a `code`, sometimes an AggregateError of one per address), so this looks
 * through causes rather than at one shape.
 */
export function describeFetchFailure(error: unknown, timeoutMs?: number): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  let fallback: string | undefined;
  while (queue.length > 0) {
    const e = queue.shift() as ErrorLike | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e.name === 'TimeoutError') return timeoutMs === undefined ? 'no answer in time' : `no answer within ${formatSeconds(timeoutMs)}`;
    if (typeof e.code === 'string' && NETWORK_CODES[e.code]) return NETWORK_CODES[e.code];
    if (typeof e.message === 'string' && e.message.length > 0 && e.message !== 'fetch failed') fallback ??= e.message;
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return fallback ?? 'the request failed';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** True when the error says the caller gave up, rather than the network. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as ErrorLike).name === 'AbortError';
}
