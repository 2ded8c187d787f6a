import type { StoredAlert } from '@cirtmesh/contracts';
import { createHash } from 'node:crypto';
import { badRequest } from './errors';
import type { TaxiiQuery } from './query';
import { SHARED_SLOTS, type Timeline, type TimelineEntry } from './timeline';
import { parseMicros, type Micros } from './timestamps';

/** The least a STIX object is, for listing it. */
export interface StixObjectLike {
  id: string;
  type: string;
  spec_version?: string;
  created?: string;
  modified?: string;
}

/** One alert as STIX: the identity of its origin and its TLP marking (shared), then its own objects. */
export interface RenderedAlert {
  shared: [StixObjectLike, StixObjectLike];
  own: StixObjectLike[];
}

export type AlertRenderer = (record: StoredAlert) => RenderedAlert;

export interface ListedObject {
  object: StixObjectLike;
  addedUs: Micros;
  /** Where it sits: the alert's position in the log, and the slot within the alert. */
  seq: number;
  slot: number;
}

export interface CollectionPage {
  items: ListedObject[];
  more: boolean;
  next?: string;
}

interface Position {
  seq: number;
  slot: number;
}

/** How much of the log one page may read looking for matches, so a sparse filter cannot hold a request for long. */
const MAX_ALERTS_READ = 5_000;

/**
 * The `alerts` collection: every alert the node holds, as STIX objects, oldest `date_added` first,
 * shown to each reader as its TLP ceiling allows. A page's `next` is its last position and a
 * digest of the query and the reader's ceiling: replayed with other filters or another ceiling
 * it is refused, and whatever it names is judged again against the reader that presents it.
 */
export class AlertsCollection {
  /**
   * Object id → the seq of the alert it belongs to, or for a shared object (identity, marking) its
   * key, whose listing alert depends on the reader. Entries up to `indexed` are in it.
   */
  private readonly ids = new Map<string, number | string>();
  private indexed = 0;

  constructor(
    private readonly timeline: Timeline,
    private readonly read: (alertId: string) => Promise<StoredAlert | undefined>,
    private readonly render: AlertRenderer,
  ) {}

  /** `reader` names who asks (the node and the token): a next token works for that reader only. */
  async page(query: TaxiiQuery, ceiling: number, reader = ''): Promise<CollectionPage> {
    const digest = queryDigest(query, ceiling, reader);
    const from = query.next === undefined ? undefined : decodeNext(query.next, digest);
    let index = from ? this.timeline.indexOfSeq(from.seq) : query.addedAfter === undefined ? 0 : this.timeline.indexAfter(query.addedAfter);
    const items: ListedObject[] = [];
    /** The last alert looked at in full: where the next page starts when this one stops early. */
    let reached: Position | undefined = from;
    for (let read = 0; read < MAX_ALERTS_READ; read += 1, index += 1) {
      const entry = this.timeline.at(index);
      if (!entry) return { items, more: false };
      const listed = await this.listed(entry, ceiling, query, from);
      if (listed === 'gone') {
        // Past its retention: the shared objects it listed move on to the alerts after it, so look at this index again.
        this.timeline.forget([entry.seq]);
        this.ids.clear(); // positions moved: the object index is built again when next asked for
        this.indexed = 0;
        index -= 1;
        continue;
      }
      for (const item of listed) {
        // One more match than the page holds: there is more, and the page ends at its last item.
        if (items.length === query.limit) return { items, more: true, next: encodeNext(positionOf(items[items.length - 1]), digest) };
        items.push(item);
      }
      reached = { seq: entry.seq, slot: entry.slots };
    }
    return { items, more: true, next: encodeNext(reached!, digest) };
  }

  /** The objects of one alert this reader may see that the query asks for, after the cursor. */
  private async listed(
    entry: TimelineEntry,
    ceiling: number,
    query: TaxiiQuery,
    from: Position | undefined,
  ): Promise<ListedObject[] | 'gone'> {
    if (!this.timeline.visible(entry, ceiling)) return [];
    const record = await this.read(entry.alertId);
    if (!record) return 'gone';
    return this.objectsOf(entry, record, ceiling).filter(
      (o) =>
        (!from || o.seq > from.seq || o.slot > from.slot) &&
        (query.addedAfter === undefined || o.addedUs > query.addedAfter) &&
        matches(o.object, query),
    );
  }

  /**
   * One object by id, as this reader may see it (TAXII 2.1 §5.5): found through an index of every
   * object id to its alert, built the first time it is asked for and kept up as alerts arrive.
   */
  async objectById(objectId: string, query: TaxiiQuery, ceiling: number): Promise<ListedObject[]> {
    const found = await this.locate(objectId);
    const seq = typeof found === 'string' ? this.timeline.firstUseOf(found, ceiling) : found;
    const entry = seq === undefined ? undefined : this.timeline.get(seq);
    if (!entry) return [];
    const listed = await this.listed(entry, ceiling, { ...query, match: { ...query.match, id: [objectId] } }, undefined);
    return listed === 'gone' ? [] : listed;
  }

  private async locate(objectId: string): Promise<number | string | undefined> {
    for (; this.indexed < this.timeline.size; this.indexed += 1) {
      const entry = this.timeline.at(this.indexed)!;
      const record = await this.read(entry.alertId);
      if (!record) continue;
      const { shared, own } = this.render(record);
      const keys = this.timeline.sharedKeys(entry);
      shared.forEach((object, slot) => this.ids.set(object.id, keys[slot]));
      for (const object of own) if (!this.ids.has(object.id)) this.ids.set(object.id, entry.seq);
    }
    return this.ids.get(objectId);
  }

  /** An alert's objects with their `date_added`, the shared ones only where this reader first meets them. */
  private objectsOf(entry: TimelineEntry, record: StoredAlert, ceiling: number): ListedObject[] {
    const rendered = this.render(record);
    const out: ListedObject[] = [];
    const at = (object: StixObjectLike, slot: number): ListedObject => ({ object, addedUs: entry.startUs + slot, seq: entry.seq, slot });
    rendered.shared.forEach((object, slot) => {
      if (this.timeline.listsShared(entry, slot as 0 | 1, ceiling)) out.push(at(object, slot));
    });
    rendered.own.slice(0, entry.slots - SHARED_SLOTS).forEach((object, i) => out.push(at(object, SHARED_SLOTS + i)));
    return out;
  }
}

const positionOf = (item: ListedObject): Position => ({ seq: item.seq, slot: item.slot });

/** Whether an object passes the match filters (TAXII 2.1 §3.4.2); each object has one version, its `modified`. */
export function matches(object: StixObjectLike, query: TaxiiQuery): boolean {
  const { id, type, version, specVersion } = query.match;
  if (id && !id.includes(object.id)) return false;
  if (type && !type.includes(object.type)) return false;
  if (specVersion && !specVersion.includes(object.spec_version ?? '2.1')) return false;
  if (version) {
    const own = parseMicros(object.modified ?? object.created ?? '');
    const named = version.some((v) => v === 'first' || v === 'last' || v === 'all' || parseMicros(v) === own);
    if (!named) return false;
  }
  return true;
}

function queryDigest(query: TaxiiQuery, ceiling: number, reader: string): string {
  const { addedAfter, match } = query;
  return createHash('sha256').update(JSON.stringify({ addedAfter, match, ceiling, reader })).digest('base64url').slice(0, 16);
}

function encodeNext(position: Position, digest: string): string {
  return Buffer.from(JSON.stringify({ s: position.seq, i: position.slot, h: digest })).toString('base64url');
}

function decodeNext(next: string, digest: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const p = parsed as { s?: unknown; i?: unknown; h?: unknown } | undefined;
  if (!p || !Number.isSafeInteger(p.s) || !Number.isSafeInteger(p.i)) throw badRequest('next is not a token this server issued');
  if (p.h !== digest) throw badRequest('next belongs to another query or reader: repeat the query it came with');
  return { seq: p.s as number, slot: p.i as number };
}
