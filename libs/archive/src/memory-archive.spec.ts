import type { StoredAlert } from '@cirtmesh/contracts';
import { InvalidCursorError } from './alert-archive';
import { MemoryAlertArchive } from './memory-archive';

function record(seq: number, overrides: Partial<StoredAlert['alert']> = {}, direction: StoredAlert['direction'] = 'received'): StoredAlert {
  return {
    seq,
    direction,
    storedAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    via: ['africa'],
    alert: {
      id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      origin: 'ke',
      createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
      title: `alert ${seq}`,
      category: 'malware',
      severity: 'medium',
      tlp: 'GREEN',
      scope: 'regional',
      ...overrides,
    },
  };
}

describe(MemoryAlertArchive.name, () => {
  it('stores an alert id once', async () => {
    const archive = new MemoryAlertArchive();
    expect(await archive.add(record(1))).toBe(true);
    expect(await archive.add({ ...record(2), alert: record(1).alert })).toBe(false);
    expect(await archive.count()).toBe(1);
  });

  it('pages newest first with an opaque cursor and no overlap', async () => {
    const archive = new MemoryAlertArchive();
    for (let seq = 1; seq <= 7; seq += 1) await archive.add(record(seq));
    const first = await archive.list({}, 3);
    expect(first.items.map((r) => r.seq)).toEqual([7, 6, 5]);
    const second = await archive.list({}, 3, first.next!);
    expect(second.items.map((r) => r.seq)).toEqual([4, 3, 2]);
    const third = await archive.list({}, 3, second.next!);
    expect(third.items.map((r) => r.seq)).toEqual([1]);
    expect(third.next).toBeNull();
  });

  it('filters by direction, origin, minimum severity, tlp and time', async () => {
    const archive = new MemoryAlertArchive();
    await archive.add(record(1, { severity: 'low' }));
    await archive.add(record(2, { severity: 'critical', origin: 'ng' }));
    await archive.add(record(3, { tlp: 'RED', severity: 'high' }, 'sent'));
    expect((await archive.list({ severity: 'high' }, 10)).items.map((r) => r.seq)).toEqual([3, 2]);
    expect((await archive.list({ origin: 'ng' }, 10)).items.map((r) => r.seq)).toEqual([2]);
    expect((await archive.list({ direction: 'sent', tlp: 'RED' }, 10)).items.map((r) => r.seq)).toEqual([3]);
    expect((await archive.list({ since: record(2).alert.createdAt }, 10)).items.map((r) => r.seq)).toEqual([3, 2]);
  });

  it('replays records after a sequence number in order, for stream resume', async () => {
    const archive = new MemoryAlertArchive();
    for (const seq of [1, 2, 4, 3, 5]) await archive.add(record(seq));
    expect((await archive.after(2, {}, 10)).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect((await archive.after(0, {}, 2)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(new MemoryAlertArchive().list({}, 10, 'bm9wZQ')).rejects.toThrow(InvalidCursorError);
  });

  it('hands out copies, so callers cannot change what it holds', async () => {
    const archive = new MemoryAlertArchive();
    await archive.add(record(1));
    const got = await archive.get(record(1).alert.id);
    got!.alert.title = 'changed';
    expect((await archive.get(record(1).alert.id))!.alert.title).toBe('alert 1');
  });

  it('folds acks (first per node) and sightings (summed per node) once per feedback event', async () => {
    const archive = new MemoryAlertArchive();
    await archive.add(record(1, {}, 'sent'));
    const alertId = record(1).alert.id;
    const base = { alertId, origin: 'ke', from: 'ng' } as const;
    const sighting = (count: number, firstSeen: string, lastSeen: string) => ({
      ...base,
      kind: 'sighting' as const,
      at: lastSeen,
      sighting: { count, firstSeen, lastSeen },
    });
    expect(await archive.addFeedback('e1', { ...base, kind: 'ack', at: '2026-11-21T10:00:00.000Z' })).toBe(true);
    expect(await archive.addFeedback('e2', { ...base, kind: 'ack', at: '2026-11-21T11:00:00.000Z' })).toBe(true);
    expect(await archive.addFeedback('e3', sighting(2, '2026-11-20T00:00:00.000Z', '2026-11-20T05:00:00.000Z'))).toBe(true);
    expect(await archive.addFeedback('e4', sighting(3, '2026-11-19T00:00:00.000Z', '2026-11-20T01:00:00.000Z'))).toBe(true);
    expect(await archive.addFeedback('e4', sighting(3, '2026-11-19T00:00:00.000Z', '2026-11-20T01:00:00.000Z'))).toBe(false);
    expect(await archive.addFeedback('e5', { ...base, alertId: record(9).alert.id, kind: 'ack', at: '2026-11-21T10:00:00.000Z' })).toBe(
      false,
    );
    const held = await archive.get(alertId);
    expect(held?.acks).toEqual([{ node: 'ng', at: '2026-11-21T10:00:00.000Z' }]);
    expect(held?.sightings).toEqual([
      { node: 'ng', count: 5, firstSeen: '2026-11-19T00:00:00.000Z', lastSeen: '2026-11-20T05:00:00.000Z' },
    ]);
  });
});
