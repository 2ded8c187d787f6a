import { severityRank, TLPS } from '@cirtmesh/contracts';
import type { AlertFilter } from './alert-archive';
import type { IndicatorQuery } from './search-keys';
import { wordsOf } from './search-keys';

/**
 * MongoDB query documents, one builder per question the API asks. MongoDB runs them; the in-memory
 * store runs the very same documents with a MongoDB query matcher, so the two agree by
 * construction and the contract suite checks that they do.
 */
export type Query = Record<string, unknown>;

/** Records past their retention are gone for every query, even before they are purged. */
export function visible(now: Date): Query {
  return { expiresAt: { $gt: now } };
}

export function filterQuery(filter: AlertFilter): Query[] {
  const q: Query[] = [];
  if (filter.direction) q.push({ direction: filter.direction });
  if (filter.origin) q.push({ origin: filter.origin });
  if (filter.category) q.push({ category: filter.category });
  if (filter.severity) q.push({ severityRank: { $gte: severityRank(filter.severity) } });
  if (filter.tlp) q.push({ tlp: filter.tlp });
  if (filter.maxTlp) q.push({ tlp: { $in: TLPS.slice(0, TLPS.indexOf(filter.maxTlp) + 1) } });
  if (filter.since) q.push({ createdAt: { $gte: new Date(filter.since) } });
  if (filter.q) {
    const words = wordsOf(filter.q);
    if (words.length > 0) q.push({ words: { $all: words } });
  }
  return q;
}

/** GET /alerts: newest first, before the cursor's seq. */
export function listQuery(filter: AlertFilter, now: Date, before?: number): Query {
  return { $and: [visible(now), ...filterQuery(filter), ...(before === undefined ? [] : [{ seq: { $lt: before } }])] };
}

/** Live stream replay: oldest first, after `seq`. */
export function afterQuery(seq: number, filter: AlertFilter, now: Date): Query {
  return { $and: [visible(now), ...filterQuery(filter), { seq: { $gt: seq } }] };
}

/** Indicator search: the normalised value among the terms, or an address's blocks among the CIDR blocks. */
export function searchMatch(query: IndicatorQuery): Query {
  const found: Query[] = [{ terms: query.term }];
  if (query.blocks) found.push({ blocks: { $in: query.blocks } });
  return { $or: found };
}

/** Indicator search: what is visible, before the cursor's seq. */
export function searchWindow(now: Date, before?: number, filter: AlertFilter = {}): Query {
  return { $and: [visible(now), ...filterQuery(filter), ...(before === undefined ? [] : [{ seq: { $lt: before } }])] };
}

export function searchQuery(query: IndicatorQuery, now: Date, before?: number, filter: AlertFilter = {}): Query {
  return { $and: [searchMatch(query), searchWindow(now, before, filter)] };
}

/** Held and not expired: for get and for folding in deliveries and feedback. */
export function byIdQuery(id: string, now: Date): Query {
  return { $and: [{ _id: id }, visible(now)] };
}
