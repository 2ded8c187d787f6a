import type { StoredAlert, Tlp } from '@cirtmesh/contracts';
import { AlertsCollection, type RenderedAlert, type StixObjectLike } from './collection';
import { TaxiiServer } from './taxii-server';
import { TaxiiError } from './errors';
import { parseTaxiiQuery, type TaxiiQuery } from './query';
import { ceilingRank, Timeline } from './timeline';
import { formatMicros, parseMicros } from './timestamps';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');

function record(seq: number, tlp: Tlp, origin = 'ke', indicators = 1, storedAt = T0 + Math.floor(seq / 2)): StoredAlert {
  return {
    seq,
    direction: 'received',
    storedAt: new Date(storedAt).toISOString(),
    via: [],
    alert: {
      id: `alert-${seq}`,
      origin,
      createdAt: new Date(T0).toISOString(),
      title: `alert ${seq}`,
      category: 'malware',
      severity: 'low',
      tlp,
      scope: 'regional',
      indicators: Array.from({ length: indicators }, (_, i) => ({ type: 'domain' as const, value: `d${seq}-${i}.example` })),
    },
  };
}

const object = (id: string, type: string): StixObjectLike => ({
  id,
  type,
  spec_version: '2.1',
  created: '2026-03-01T00:00:00.000Z',
  modified: '2026-03-01T00:00:00.000Z',
});

/** A stand-in for the STIX export: ids that show what they are. */
function render(r: StoredAlert): RenderedAlert {
  return {
    shared: [object(`identity--${r.alert.origin}`, 'identity'), object(`marking-definition--${r.alert.tlp}`, 'marking-definition')],
    own: [
      object(`report--${r.seq}`, 'report'),
      ...(r.alert.indicators ?? []).map((_, i) => object(`indicator--${r.seq}-${i}`, 'indicator')),
    ],
  };
}

function collectionOf(records: StoredAlert[]): AlertsCollection {
  const timeline = new Timeline();
  for (const r of records) timeline.append(r);
  const byId = new Map(records.map((r) => [r.alert.id, r]));
  return new AlertsCollection(timeline, (id) => Promise.resolve(byId.get(id)), render);
}

const query = (raw: Record<string, unknown> = {}): TaxiiQuery => parseTaxiiQuery(raw, ['id', 'type', 'version', 'spec_version']);

async function everything(collection: AlertsCollection, raw: Record<string, unknown>, ceiling: number): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await collection.page(query({ ...raw, ...(next ? { next } : {}) }), ceiling);
    ids.push(...page.items.map((i) => i.object.id));
    if (!page.more) return ids;
    next = page.next;
  }
  throw new Error('paging never ended');
}

describe(formatMicros.name, () => {
  it('writes microseconds and reads 0 to 9 fraction digits', () => {
    expect(formatMicros(T0 * 1000 + 123_456)).toBe('2026-03-01T00:00:00.123456Z');
    expect(parseMicros('2026-03-01T00:00:00.123Z')).toBe(T0 * 1000 + 123_000);
    expect(parseMicros('2026-03-01T00:00:00Z')).toBe(T0 * 1000);
    expect(parseMicros('2026-03-01T00:00:00.123456789Z')).toBe(T0 * 1000 + 123_456);
    expect(parseMicros('yesterday')).toBeUndefined();
  });
});

describe(parseTaxiiQuery.name, () => {
  it('refuses every malformed parameter with a 400', () => {
    for (const raw of [
      { limit: '0' },
      { limit: '-1' },
      { limit: 'x' },
      { added_after: 'garbage' },
      { added_after: ['a', 'b'] },
      { 'match[version]': 'all,last' },
      { 'match[version]': 'soon' },
      { 'match[type]': 'a,,b' },
    ]) {
      expect(() => query(raw)).toThrow(TaxiiError);
    }
    expect(() => parseTaxiiQuery({ 'match[id]': 'x' }, ['version', 'spec_version'])).toThrow(/not a filter of this endpoint/);
  });

  it('reads the filters, caps the page size', () => {
    expect(query({ limit: '5000', 'match[type]': 'indicator,report', added_after: '2026-03-01T00:00:00.5Z' })).toMatchObject({
      limit: 1000,
      addedAfter: T0 * 1000 + 500_000,
      match: { type: ['indicator', 'report'] },
    });
  });
});

describe(AlertsCollection.name, () => {
  const records = [record(1, 'GREEN'), record(2, 'AMBER', 'jp', 2), record(3, 'GREEN', 'jp'), record(4, 'CLEAR', 'ke', 3)];

  it('pages with limit=1 over every object exactly once, in date_added order, with unique date_added', async () => {
    const collection = collectionOf(records);
    const all = await everything(collection, { limit: '1' }, ceilingRank(undefined));
    expect(all).toEqual(await everything(collection, {}, ceilingRank(undefined)));
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id.startsWith('identity--'))).toEqual(['identity--ke', 'identity--jp']);
    expect(all.filter((id) => id.startsWith('marking-definition--'))).toEqual([
      'marking-definition--GREEN',
      'marking-definition--AMBER',
      'marking-definition--CLEAR',
    ]);
    const page = await collection.page(query({ limit: '100' }), ceilingRank(undefined));
    const added = page.items.map((i) => i.addedUs);
    expect([...added].sort((a, b) => a - b)).toEqual(added);
    expect(new Set(added).size).toBe(added.length);
  });

  it('shows a reader nothing above its ceiling, and lists shared objects where that reader first meets them', async () => {
    const all = await everything(collectionOf(records), { limit: '2' }, ceilingRank('GREEN'));
    expect(all.filter((id) => ['report--2', 'indicator--2-0', 'indicator--2-1', 'marking-definition--AMBER'].includes(id))).toEqual([]);
    expect(all).toContain('identity--jp'); // first met on alert 3, not on the hidden alert 2
  });

  it('takes added_after as exclusive, and filters by type and id', async () => {
    const collection = collectionOf(records);
    const first = await collection.page(query({ limit: '3' }), 4);
    const after = await collection.page(query({ added_after: formatMicros(first.items[2].addedUs) }), 4);
    expect(after.items[0].object.id).not.toBe(first.items[2].object.id);
    expect((await everything(collection, { 'match[type]': 'report' }, 4)).length).toBe(4);
    expect(await everything(collection, { 'match[id]': 'report--3,indicator--4-2' }, 4)).toEqual(['report--3', 'indicator--4-2']);
  });

  it('refuses a next replayed with other filters or by a reader with another ceiling', async () => {
    const collection = collectionOf(records);
    const page = await collection.page(query({ limit: '1' }), 4);
    await expect(collection.page(query({ limit: '1', next: page.next }), ceilingRank('GREEN'))).rejects.toThrow(/another query/);
    await expect(collection.page(query({ limit: '1', next: page.next, 'match[type]': 'report' }), 4)).rejects.toThrow(/another query/);
    await expect(collection.page(query({ next: 'junk' }), 4)).rejects.toThrow(/not a token this server issued/);
  });

  it('drops alerts the archive no longer holds', async () => {
    const timeline = new Timeline();
    for (const r of records) timeline.append(r);
    const collection = new AlertsCollection(
      timeline,
      (id) => Promise.resolve(records.find((r) => r.alert.id === id && r.seq !== 1)),
      render,
    );
    const ids = await everything(collection, {}, 4);
    expect(ids).not.toContain('report--1');
    expect(ids).toContain('identity--ke'); // listed with alert 4 now
    expect(timeline.size).toBe(3);
  });
});

describe(TaxiiServer.name, () => {
  const ids = { alerts: '8feab74b-8cc1-471a-a175-3be87c722839', submissions: 'c03ac2a6-814e-4396-b751-f3531bd4a639' };
  const caller = { name: 'tool', read: true, submit: true };

  it('answers a post with a status whose counts and lists match, failing what a refused report refers to', async () => {
    const server = new TaxiiServer('ke', ids, collectionOf([]), () =>
      Promise.resolve({ skipped: [{ what: 'report--1', reason: 'TLP:RED goes only to named recipients' }] }),
    );
    const envelope = {
      objects: [
        { type: 'report', id: 'report--1', modified: '2026-03-01T00:00:00.000Z', object_refs: ['indicator--1'] },
        { type: 'indicator', id: 'indicator--1', modified: '2026-03-01T00:00:00.000Z' },
        { type: 'report', id: 'report--2', modified: '2026-03-01T00:00:00.000Z', object_refs: ['indicator--2'] },
        { type: 'indicator', id: 'indicator--2', modified: '2026-03-01T00:00:00.000Z' },
      ],
    };
    const status = await server.add('ke', ids.submissions, envelope, caller);
    expect(status).toMatchObject({ status: 'complete', total_count: 4, success_count: 2, failure_count: 2, pending_count: 0 });
    expect(status.failures?.map((f) => [f.id, f.message])).toEqual([
      ['report--1', 'TLP:RED goes only to named recipients'],
      ['indicator--1', 'part of report--1: TLP:RED goes only to named recipients'],
    ]);
    expect(status.successes?.map((s) => s.id)).toEqual(['report--2', 'indicator--2']);
    expect(server.status('ke', status.id, caller).body).toMatchObject({ id: status.id });
    expect(() => server.status('ke', status.id, { ...caller, name: 'someone else' })).toThrow(TaxiiError);
  });

  it('refuses posts to the alerts collection, without the role, and of what is not an envelope', async () => {
    const server = new TaxiiServer('ke', ids, collectionOf([]), () => Promise.resolve({ skipped: [] }));
    await expect(server.add('ke', ids.alerts, { objects: [] }, caller)).rejects.toMatchObject({ status: 403 });
    await expect(server.add('ke', ids.submissions, { objects: [] }, { ...caller, submit: false })).rejects.toMatchObject({ status: 403 });
    await expect(server.add('ke', ids.submissions, { type: 'bundle' }, caller)).rejects.toMatchObject({ status: 400 });
    await expect(server.add('jp', ids.submissions, { objects: [] }, caller)).rejects.toMatchObject({ status: 404 });
  });
});
