const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** A STIX timestamp (§2.16) of an ISO 8601 date-time: UTC, millisecond precision, `Z`. */
export function stixTimestamp(isoDateTime: string): string {
  return new Date(isoDateTime).toISOString();
}

/**
 * Why a value is not a STIX timestamp (`YYYY-MM-DDTHH:mm:ss[.s+]Z`, a real instant, UTC), or not
 * one precise to the millisecond when `millis` (as `created` and `modified` must be); else undefined.
 */
export function timestampProblem(value: unknown, millis: boolean): string | undefined {
  const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (!match) return `${JSON.stringify(value)} is not a timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z`;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day)) return `${value as string} is not a real instant`;
  if (millis && (fraction ?? '').length < 3) return `${value as string} is not precise to the millisecond (3 fraction digits at least)`;
  return undefined;
}

/** Compares two valid STIX timestamps, fractions of any length included: negative, zero or positive. */
export function compareTimestamps(a: string, b: string): number {
  const [aSeconds, aFraction = ''] = a.slice(0, -1).split('.');
  const [bSeconds, bFraction = ''] = b.slice(0, -1).split('.');
  if (aSeconds !== bSeconds) return aSeconds < bSeconds ? -1 : 1;
  const length = Math.max(aFraction.length, bFraction.length);
  const [x, y] = [aFraction.padEnd(length, '0'), bFraction.padEnd(length, '0')];
  return x === y ? 0 : x < y ? -1 : 1;
}
