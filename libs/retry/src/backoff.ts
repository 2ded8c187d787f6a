/** An exponential backoff: the first wait, doubling after each failed attempt, up to a ceiling. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** The wait before retrying after failed attempt `attempt` (0 for the first): `baseMs * 2^attempt`, at most `capMs`. */
export function backoffMs(attempt: number, { baseMs, capMs }: Backoff): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}
