/**
 * The TAXII part of `npm run bench:interop`: the node's `alerts` collection over a memory archive,
 * read from the first page to the last as a client would, each page serialised as the server sends it.
 */
import { MemoryAlertArchive } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import { stixObjectsFor } from '@cirtmesh/interop';
import {
  AlertsCollection,
  ceilingRank,
  formatMicros,
  parseTaxiiQuery,
  TaxiiServer,
  Timeline,
  type CollectionPage,
  type TaxiiCaller,
} from '@cirtmesh/taxii';
import { ORIGIN_NAMES, T0 } from './interop-data';

const FILTERS = ['id', 'type', 'version', 'spec_version'] as const;
const LIMIT = '1000';
/** A reader without a TLP ceiling: it sees every alert, so every object must be listed. */
const READER: TaxiiCaller = { name: 'bench', read: true, submit: false };
const NODE = 'ke';
const IDS = { alerts: '4b0f3d4e-8a1c-4e5b-9f6a-2c7d8e9f0a1b', submissions: '5c1e4f5a-9b2d-4f6c-8a7b-3d8e9f0a1b2c' };

const origin = (id: string): { id: string; name?: string } => ({ id, name: ORIGIN_NAMES[id] });

export interface Envelope {
  body: string;
  dateAdded?: { first: string; last: string };
}

/** A page as the server sends it: the envelope (empty lists left out) and the two date headers. */
export function envelopeOf(page: CollectionPage): Envelope {
  const { items, more, next } = page;
  if (items.length === 0) return { body: JSON.stringify(more ? { more: true, next } : {}) };
  const body = JSON.stringify({ more, ...(next ? { next } : {}), objects: items.map((item) => item.object) });
  return { body, dateAdded: { first: formatMicros(items[0].addedUs), last: formatMicros(items[items.length - 1].addedUs) } };
}

export class TaxiiReader {
  private readonly archive = new MemoryAlertArchive({ clock: () => new Date(T0) });
  private readonly timeline = new Timeline();
  private readonly collection = new AlertsCollection(
    this.timeline,
    (id) => this.archive.get(id),
    (record) => stixObjectsFor(record.alert, origin(record.alert.origin)),
  );
  /** The ids of every object a full read must list: each origin's identity and TLP marking once, each alert's own. */
  readonly expected = new Set<string>();

  static async of(alerts: StoredAlert[]): Promise<TaxiiReader> {
    const reader = new TaxiiReader();
    for (const record of alerts) {
      if (!(await reader.archive.add(record))) throw new Error(`the archive refused alert ${record.seq}`);
      reader.timeline.append(record);
      const { shared, own } = stixObjectsFor(record.alert, origin(record.alert.origin));
      for (const object of [...shared, ...own]) reader.expected.add(object.id);
    }
    return reader;
  }

  /**
   * Reads the collection from the first page to the last, following `next`, and hands each page
   * and its serialised envelope to `visit`. Returns how many objects were listed.
   */
  async readAll(visit: (page: CollectionPage, envelope: Envelope) => void = () => undefined): Promise<number> {
    let objects = 0;
    let next: string | undefined;
    do {
      const raw: Record<string, unknown> = next === undefined ? { limit: LIMIT } : { limit: LIMIT, next };
      const page = await this.collection.page(parseTaxiiQuery(raw, [...FILTERS]), ceilingRank(READER.maxTlp));
      objects += page.items.length;
      visit(page, envelopeOf(page));
      next = page.more ? page.next : undefined;
    } while (next !== undefined);
    return objects;
  }

  /** One timed read: every page, counted; throws when the count is not every object once. */
  async pass(): Promise<number> {
    const objects = await this.readAll();
    if (objects !== this.expected.size) throw new Error(`a TAXII read listed ${objects} objects of ${this.expected.size}`);
    return objects;
  }

  /**
   * Fails unless a full read lists every object exactly once, and each page is what the TAXII
   * server itself answers. Returns the pages' bodies.
   */
  async check(): Promise<string[]> {
    const seen = new Map<string, number>();
    const envelopes: Envelope[] = [];
    const nexts: Array<string | undefined> = [];
    const objects = await this.readAll((page, envelope) => {
      for (const { object } of page.items) seen.set(object.id, (seen.get(object.id) ?? 0) + 1);
      envelopes.push(envelope);
      nexts.push(page.next);
    });
    const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const missing = [...this.expected].filter((id) => !seen.has(id));
    const unknown = [...seen.keys()].filter((id) => !this.expected.has(id));
    if (twice.length + missing.length + unknown.length > 0 || objects !== this.expected.size) {
      throw new Error(
        `the TAXII listing is wrong: ${objects} objects listed for ${this.expected.size} expected; ` +
          `listed twice: ${twice.length} (${twice.slice(0, 3).join(', ')}), missing: ${missing.length} (${missing.slice(0, 3).join(', ')}), ` +
          `not expected: ${unknown.length} (${unknown.slice(0, 3).join(', ')})`,
      );
    }
    const server = new TaxiiServer(NODE, IDS, this.collection, () => Promise.resolve({ skipped: [] }));
    for (const [n, envelope] of envelopes.entries()) {
      const raw = n === 0 ? { limit: LIMIT } : { limit: LIMIT, next: nexts[n - 1] };
      const answer = await server.objects(NODE, IDS.alerts, raw, READER);
      if (JSON.stringify(answer.body) !== envelope.body || JSON.stringify(answer.dateAdded) !== JSON.stringify(envelope.dateAdded)) {
        throw new Error(`page ${n + 1} is not serialised as the TAXII server answers it`);
      }
    }
    return envelopes.map((envelope) => envelope.body);
  }
}
