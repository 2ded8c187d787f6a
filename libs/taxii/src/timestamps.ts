/**
 * TAXII timestamps are exactly `YYYY-MM-DDTHH:MM:SS.ssssssZ`: microseconds, UTC (TAXII 2.1 §2).
 * The server keeps them as integers of microseconds since the epoch.
 */
export type Micros = number;

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

export function formatMicros(us: Micros): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …T12:00:00.123Z
  return `${iso.slice(0, 23)}${String(us % 1000).padStart(3, '0')}Z`;
}

/**
 * Reads a client's timestamp: any fraction from none to nine digits (clients send milliseconds
 * from toISOString, servers microseconds); undefined when it is not one.
 */
export function parseMicros(text: string): Micros | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}
