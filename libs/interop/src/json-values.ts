/**
 * Readers for JSON of other formats, which write the same field in more than one way: MISP writes
 * numbers and booleans as strings (`"3"`, `"1"`), X-ARF v3 and v4 differ in shape. Each reader
 * returns undefined for what it cannot read, never throws.
 */

/** A JSON object (not a list, not null). */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list; anything else is an empty list. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, trimmed; a finite number as its decimal string. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A boolean as JSON, MISP (`"1"`, `"0"`) or loosely typed tools (`1`, `"true"`) write it. */
export function flagOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = textOf(value)?.toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  return undefined;
}

/** `text` cut to `max` characters, an ellipsis marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A value quoted for a message, cut short: skipped items name what they were without carrying a whole payload. */
export function quote(value: string): string {
  return JSON.stringify(clip(value, 80));
}

/** `table[key]` when the table itself has that key: a key read from a document (`constructor`, `__proto__`) never finds what objects inherit. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** What a JSON value is, in words, for an error that says what was expected instead: `a list`, `an object with "events"`. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const object = objectOf(value);
  if (object) {
    const keys = Object.keys(object).slice(0, 5);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((key) => quote(key)).join(', ')}`;
  }
  return `a ${typeof value}`;
}
