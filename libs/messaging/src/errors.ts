import { DomainError, isPermanentError } from '@cirtmesh/contracts';
import { backoffMs } from '@cirtmesh/retry';

/**
 * A message that can never become valid: malformed, forged or out of protocol.
 * The transport terminates it (no redelivery) and records why. Every other error is
 * treated as transient and the message is redelivered with backoff.
 */
export class PermanentMessageError extends DomainError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, permanent: true });
  }
}

/** Terminate, not redeliver: a PermanentMessageError, or any domain error that marks itself permanent. */
export function isPermanent(error: unknown): error is DomainError {
  return isPermanentError(error);
}

/** Backoff for redelivery after a transient failure: 250 ms doubling to 10 s. */
export function redeliveryDelayMs(deliveryCount: number): number {
  return backoffMs(deliveryCount - 1, { baseMs: 250, capMs: 10_000 });
}

/** Not an error: the message is valid but not due yet (an embargo). The transport redelivers it after `delayMs`. */
export class RetryLaterError extends DomainError {
  constructor(
    readonly delayMs: number,
    message = `not due for ${delayMs} ms`,
  ) {
    super('RETRY_LATER', message);
  }
}
