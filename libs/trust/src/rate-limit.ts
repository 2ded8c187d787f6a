/** A token bucket per origin, as plain data; the caller keeps the state. */
export interface Bucket {
  tokens: number;
  at: number;
}

export function takeToken(
  bucket: Bucket | undefined,
  nowMs: number,
  limit: { burst: number; perMinute: number },
): { allowed: boolean; bucket: Bucket; retryAfterMs: number } {
  const start = bucket ?? { tokens: limit.burst, at: nowMs };
  const refilled = Math.min(limit.burst, start.tokens + ((nowMs - start.at) * limit.perMinute) / 60_000);
  if (refilled >= 1) return { allowed: true, bucket: { tokens: refilled - 1, at: nowMs }, retryAfterMs: 0 };
  return { allowed: false, bucket: { tokens: refilled, at: nowMs }, retryAfterMs: Math.ceil(((1 - refilled) * 60_000) / limit.perMinute) };
}
