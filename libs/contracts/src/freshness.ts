import { DomainError } from './errors';

/** How far ahead of a receiver's clock an alert's creation time may be, for clock skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** An alert created outside the freshness window: permanent, so its message is terminated. */
export class StaleAlertError extends DomainError {
  constructor(message: string) {
    super('STALE', message, { permanent: true });
  }
}

/** Refuses an alert created longer than `maxAgeMs` ago, or too far in the future for clock skew. */
export function assertFresh(alert: { id: string; createdAt: string }, now: Date, maxAgeMs: number, maxSkewMs = MAX_CLOCK_SKEW_MS): void {
  const created = Date.parse(alert.createdAt);
  if (created > now.getTime() + maxSkewMs) {
    throw new StaleAlertError(`alert ${alert.id} claims a creation time in the future (${alert.createdAt})`);
  }
  if (now.getTime() - created > maxAgeMs) {
    throw new StaleAlertError(`alert ${alert.id} was created at ${alert.createdAt}, outside the freshness window`);
  }
}
