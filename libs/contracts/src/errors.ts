export interface DomainErrorOptions {
  cause?: unknown;
  /** No retry can cure it: a malformed, forged or badly signed message. */
  permanent?: boolean;
  /** Facts for an API answer beside the message, such as a refusal's reasons. */
  details?: Record<string, unknown>;
}

/**
 * The base of every error the mesh raises on purpose, shaped as nats.js shapes its own: a stable
 * `code` that callers branch on and that the edges map (the HTTP filter to a status, the message
 * transport to terminate or redeliver), and an optional `cause`. Its `name` is its class's name.
 *
 * A `permanent` error is one no retry can cure: the message transport terminates the message and
 * records it instead of redelivering it. Anything else that goes wrong is taken as transient.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly permanent: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.permanent = options.permanent ?? false;
    if (options.details) this.details = options.details;
  }
}

/** True for an error that no retry can cure (see DomainError). */
export function isPermanentError(error: unknown): error is DomainError {
  return error instanceof DomainError && error.permanent;
}
