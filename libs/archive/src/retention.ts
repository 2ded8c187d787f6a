import { parseDurationMs, TLPS, type Tlp } from '@cirtmesh/contracts';

/** How long the archive keeps an alert, per TLP, from when this node stored it; null keeps it. */
export type Retention = Record<Tlp, number | null>;

/** The stricter the label, the shorter the stay: a RED alert is for a response, not for history. */
export const DEFAULT_RETENTION_TEXT = 'RED=90d,AMBER+STRICT=180d,AMBER=365d,GREEN=730d,CLEAR=keep';

/** Latest date both stores can hold; what is kept "forever" expires then. */
export const KEEP_UNTIL = new Date(Date.UTC(9999, 11, 31));

/**
 * Parses `RED=30d,AMBER=180d,...`. A TLP left out keeps the default; `keep` keeps forever.
 * Returns the problems instead when the text is not well formed.
 */
export function parseRetention(text: string, base: Retention = defaultRetention()): Retention | { problems: string[] } {
  const retention = { ...base };
  const problems: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const tlp = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (eq < 0 || !(TLPS as readonly string[]).includes(tlp)) {
      problems.push(`"${part}": expected TLP=duration with TLP one of ${TLPS.join(', ')}`);
      continue;
    }
    const ms = value === 'keep' ? null : parseDurationMs(value);
    if (ms === undefined || ms === 0) {
      problems.push(`"${part}": the duration must be such as 30d or 12h, or keep`);
      continue;
    }
    retention[tlp as Tlp] = ms;
  }
  return problems.length > 0 ? { problems } : retention;
}

/** The defaults, from the one text that states them. */
export function defaultRetention(): Retention {
  const keepAll = Object.fromEntries(TLPS.map((tlp) => [tlp, null])) as Retention;
  return parseRetention(DEFAULT_RETENTION_TEXT, keepAll) as Retention;
}

export function expiresAt(retention: Retention, tlp: Tlp, storedAt: string): Date {
  const ttl = retention[tlp];
  return ttl === null ? KEEP_UNTIL : new Date(Date.parse(storedAt) + ttl);
}
