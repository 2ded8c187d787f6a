import { badRequest } from './errors';
import { parseMicros, type Micros } from './timestamps';

/** The filters of objects, manifest, object-by-id and versions (TAXII 2.1 §3.4, §3.5). */
export interface TaxiiQuery {
  /** Exclusive. */
  addedAfter?: Micros;
  limit: number;
  next?: string;
  match: { id?: string[]; type?: string[]; version?: string[]; specVersion?: string[] };
}

/** The most objects one page holds, whatever the client asks. */
export const MAX_PAGE = 1_000;
export const DEFAULT_PAGE = 100;

type Raw = Record<string, unknown>;

/** One value of a query parameter; a repeated one is a 400, as any malformed parameter is. */
function single(raw: Raw, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be given once, as one value`);
  return value;
}

function list(raw: Raw, field: string): string[] | undefined {
  const value = single(raw, `match[${field}]`);
  if (value === undefined) return undefined;
  const items = value.split(',');
  if (items.some((item) => item.length === 0 || item.length > 256) || items.length > 100) {
    throw badRequest(`match[${field}] must be a comma-separated list of values, without spaces`);
  }
  return items;
}

/**
 * Reads a TAXII query from Express's parsed query string. `allowed` names the match fields the
 * endpoint takes: objects and manifest take all four, object-by-id and versions only version and spec_version.
 */
export function parseTaxiiQuery(raw: Raw, allowed: Array<'id' | 'type' | 'version' | 'spec_version'>): TaxiiQuery {
  const query: TaxiiQuery = { limit: DEFAULT_PAGE, match: {} };
  const addedAfter = single(raw, 'added_after');
  if (addedAfter !== undefined) {
    query.addedAfter = parseMicros(addedAfter);
    if (query.addedAfter === undefined) throw badRequest('added_after must be a timestamp such as 2026-01-01T00:00:00.000000Z');
  }
  const limit = single(raw, 'limit');
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit) || Number(limit) < 1) throw badRequest('limit must be a whole number above 0');
    query.limit = Math.min(Number(limit), MAX_PAGE);
  }
  const next = single(raw, 'next');
  if (next !== undefined) query.next = next;
  for (const key of Object.keys(raw)) {
    const field = /^match\[([a-z_]+)\]$/.exec(key)?.[1];
    if (field && !(allowed as string[]).includes(field) && ['id', 'type', 'version', 'spec_version'].includes(field)) {
      throw badRequest(`match[${field}] is not a filter of this endpoint`);
    }
  }
  if (allowed.includes('id')) query.match.id = list(raw, 'id');
  if (allowed.includes('type')) query.match.type = list(raw, 'type');
  query.match.version = list(raw, 'version');
  checkVersions(query.match.version);
  query.match.specVersion = list(raw, 'spec_version');
  return query;
}

/** `first`, `last`, `all` (alone) or exact versions (TAXII 2.1 §3.4.2). */
function checkVersions(versions: string[] | undefined): void {
  if (!versions) return;
  if (versions.includes('all') && versions.length > 1) throw badRequest('match[version]=all stands alone');
  for (const v of versions) {
    if (!['first', 'last', 'all'].includes(v) && parseMicros(v) === undefined) {
      throw badRequest(`match[version] takes first, last, all or a timestamp, not "${v}"`);
    }
  }
}
