import type { DeliveryOutcome, Feedback, StoredAlert } from '@cirtmesh/contracts';
import { InvalidCursorError, type AlertArchive, type ArchiveOptions } from '../src/alert-archive';
import { defaultRetention } from '../src/retention';

/**
 * One contract for every AlertArchive: the in-memory store must answer exactly as MongoDB does
 * (order, cursors, unique ids, retention), and the MongoDB store must answer as this says.
 */
export interface ArchiveUnderTest {
  archive: AlertArchive;
  dispose(): Promise<void>;
}

type Indicator = NonNullable<StoredAlert['alert']['indicators']>[number];

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const DAY = 86_400_000;

export function record(
  seq: number,
  overrides: Partial<StoredAlert['alert']> = {},
  direction: StoredAlert['direction'] = 'received',
): StoredAlert {
  return {
    seq,
    direction,
    storedAt: new Date(T0 + seq * 1000).toISOString(),
    via: ['africa'],
    alert: {
      id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      origin: 'ke',
      createdAt: new Date(T0 + seq * 1000).toISOString(),
      title: `alert ${seq}`,
      category: 'malware',
      severity: 'medium',
      tlp: 'GREEN',
      scope: 'regional',
      ...overrides,
    },
  };
}

const withIndicators = (seq: number, indicators: Indicator[], overrides: Partial<StoredAlert['alert']> = {}): StoredAlert =>
  record(seq, { indicators, ...overrides });

function outcome(recipient: string, decidedAt: string, result: DeliveryOutcome['outcome']): DeliveryOutcome {
  return { recipient, outcome: result, reasons: [{ code: 'TEST', text: 'test' }], hub: 'africa', decidedAt, policy: 'p1' };
}

function feedback(alertId: string, from: string, kind: Feedback['kind'], at: string, count?: number): Feedback {
  const f: Feedback = { alertId, origin: 'ke', from, kind, at };
  if (count !== undefined) f.sighting = { count, firstSeen: '2026-03-01T00:00:00.000Z', lastSeen: at };
  return f;
}

export function describeArchiveContract(name: string, make: (options: ArchiveOptions) => Promise<ArchiveUnderTest>): void {
  describe(`AlertArchive contract: ${name}`, () => {
    let now = new Date(T0 + DAY);
    let under: ArchiveUnderTest | undefined;
    const open = async (options: ArchiveOptions = {}): Promise<AlertArchive> => {
      under = await make({ clock: () => now, ...options });
      return under.archive;
    };
    beforeEach(() => {
      now = new Date(T0 + DAY);
    });
    afterEach(async () => {
      await under?.archive.close();
      await under?.dispose();
      under = undefined;
    });

    describe('unique ids and order', () => {
      it('stores an alert id once and a stream position once', async () => {
        const archive = await open();
        expect(await archive.add(record(1))).toBe(true);
        expect(await archive.add({ ...record(2), alert: record(1).alert })).toBe(false);
        expect(await archive.add({ ...record(1), alert: record(3).alert })).toBe(false);
        expect(await archive.count()).toBe(1);
        expect((await archive.get(record(1).alert.id))?.seq).toBe(1);
        expect(await archive.get(record(3).alert.id)).toBeUndefined();
      });

      it('hands out copies: changing a result changes nothing stored', async () => {
        const archive = await open();
        const r = record(1);
        await archive.add(r);
        r.alert.title = 'changed after add';
        const got = await archive.get(r.alert.id);
        expect(got?.alert.title).toBe('alert 1');
        got!.alert.title = 'changed after get';
        expect((await archive.get(r.alert.id))?.alert.title).toBe('alert 1');
      });

      it('returns the record as stored, field for field', async () => {
        const archive = await open();
        const r: StoredAlert = {
          ...withIndicators(1, [{ type: 'domain', value: 'evil.example' }], { description: 'd', tlp: 'AMBER+STRICT' }),
          handling: 'organisation-only',
          provenance: {
            origin: { node: 'ke', kid: 'ke-1' },
            attestations: [{ hub: 'africa', kid: 'africa-1', at: '2026-03-01T00:00:01.000Z', redactions: [] }],
          },
        };
        await archive.add(r);
        expect(await archive.get(r.alert.id)).toEqual(r);
        expect((await archive.list({}, 10)).items).toEqual([r]);
      });

      it('orders by stream position even when records arrive out of order', async () => {
        const archive = await open();
        for (const seq of [3, 1, 5, 2, 4]) await archive.add(record(seq));
        expect((await archive.list({}, 10)).items.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
        expect((await archive.after(0, {}, 10)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      });
    });

    describe('pages', () => {
      it('pages newest first with an opaque cursor, no overlap, and no next page at the exact end', async () => {
        const archive = await open();
        for (let seq = 1; seq <= 6; seq += 1) await archive.add(record(seq));
        const first = await archive.list({}, 3);
        expect(first.items.map((r) => r.seq)).toEqual([6, 5, 4]);
        expect(first.next).toEqual(expect.any(String));
        const second = await archive.list({}, 3, first.next!);
        expect(second.items.map((r) => r.seq)).toEqual([3, 2, 1]);
        expect(second.next).toBeNull();
      });

      it('keeps a cursor stable while new alerts arrive', async () => {
        const archive = await open();
        for (let seq = 1; seq <= 4; seq += 1) await archive.add(record(seq));
        const first = await archive.list({}, 2);
        await archive.add(record(5));
        expect((await archive.list({}, 2, first.next!)).items.map((r) => r.seq)).toEqual([2, 1]);
      });

      it('refuses a cursor it did not issue', async () => {
        const archive = await open();
        await expect(archive.list({}, 10, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(archive.search('evil.example', 10, '%%%')).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('replays oldest first after a position, with the filter and the limit', async () => {
        const archive = await open();
        for (let seq = 1; seq <= 6; seq += 1) await archive.add(record(seq, { severity: seq % 2 === 0 ? 'high' : 'low' }));
        expect((await archive.after(2, {}, 3)).map((r) => r.seq)).toEqual([3, 4, 5]);
        expect((await archive.after(1, { severity: 'high' }, 10)).map((r) => r.seq)).toEqual([2, 4, 6]);
        expect(await archive.after(6, {}, 10)).toEqual([]);
      });
    });

    describe('filters', () => {
      it('filters by direction, origin, category, minimum severity, tlp and time', async () => {
        const archive = await open();
        await archive.add(record(1, { severity: 'low' }));
        await archive.add(record(2, { severity: 'critical', origin: 'ng' }));
        await archive.add(record(3, { tlp: 'RED', severity: 'high', category: 'phishing' }, 'sent'));
        const seqs = async (filter: Parameters<AlertArchive['list']>[0]): Promise<number[]> =>
          (await archive.list(filter, 10)).items.map((r) => r.seq);
        expect(await seqs({ severity: 'high' })).toEqual([3, 2]);
        expect(await seqs({ direction: 'sent' })).toEqual([3]);
        expect(await seqs({ origin: 'ng' })).toEqual([2]);
        expect(await seqs({ category: 'phishing' })).toEqual([3]);
        expect(await seqs({ tlp: 'RED' })).toEqual([3]);
        expect(await seqs({ since: new Date(T0 + 2000).toISOString() })).toEqual([3, 2]);
        expect(await seqs({ direction: 'received', severity: 'critical' })).toEqual([2]);
      });

      it('shows nothing above a TLP ceiling, in lists, replays and searches', async () => {
        const archive = await open();
        const tlps = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
        for (const [i, tlp] of tlps.entries()) {
          await archive.add(withIndicators(i + 1, [{ type: 'domain', value: 'ceiling.example' }], { tlp, recipients: ['ng'] }));
        }
        expect((await archive.list({ maxTlp: 'GREEN' }, 10)).items.map((r) => r.alert.tlp)).toEqual(['GREEN', 'CLEAR']);
        expect((await archive.after(0, { maxTlp: 'AMBER' }, 10)).map((r) => r.alert.tlp)).toEqual(['CLEAR', 'GREEN', 'AMBER']);
        const hits = await archive.search('ceiling.example', 10, undefined, { maxTlp: 'CLEAR' });
        expect(hits.items.map((h) => h.record.alert.tlp)).toEqual(['CLEAR']);
        expect((await archive.search('ceiling.example', 10)).items).toHaveLength(5);
      });

      it('pages a filtered list without skipping or repeating', async () => {
        const archive = await open();
        for (let seq = 1; seq <= 10; seq += 1) await archive.add(record(seq, { origin: seq % 3 === 0 ? 'ng' : 'ke' }));
        const first = await archive.list({ origin: 'ng' }, 2);
        const second = await archive.list({ origin: 'ng' }, 2, first.next!);
        expect([...first.items, ...second.items].map((r) => r.seq)).toEqual([9, 6, 3]);
        expect(second.next).toBeNull();
      });

      it('finds whole words of the title and description, every word, any case, accents folded', async () => {
        const archive = await open();
        await archive.add(record(1, { title: 'Phishing wave against banks', description: 'Credential harvesting pages' }));
        await archive.add(record(2, { title: 'Ransomware at a hospital', description: 'Hôpital central: LockBit variant' }));
        await archive.add(record(3, { title: 'Phish kit sold', severity: 'high' }));
        const seqs = async (q: string, severity?: 'high'): Promise<number[]> =>
          (await archive.list({ q, severity }, 10)).items.map((r) => r.seq);
        expect(await seqs('phishing')).toEqual([1]);
        expect(await seqs('PHISH')).toEqual([3]);
        expect(await seqs('credential banks')).toEqual([1]);
        expect(await seqs('credential hospital')).toEqual([]);
        expect(await seqs('hopital lockbit')).toEqual([2]);
        expect(await seqs('phish', 'high')).toEqual([3]);
        expect(await seqs('kit')).toEqual([3]);
      });
    });

    describe('indicator search', () => {
      const seed = async (archive: AlertArchive): Promise<void> => {
        await archive.add(withIndicators(1, [{ type: 'domain', value: 'evil.example' }]));
        await archive.add(withIndicators(2, [{ type: 'domain', value: 'cdn.Evil.example' }]));
        await archive.add(withIndicators(3, [{ type: 'url', value: 'https://login.evil.example/reset?x=1' }]));
        await archive.add(withIndicators(4, [{ type: 'domain', value: 'notevil.example' }]));
        await archive.add(
          withIndicators(5, [
            { type: 'cidr', value: '198.51.100.0/24' },
            { type: 'ipv4', value: '203.0.113.7' },
          ]),
        );
        await archive.add(withIndicators(6, [{ type: 'cidr', value: '2001:db8:abcd::/48' }]));
        await archive.add(
          withIndicators(7, [
            { type: 'sha256', value: 'AB'.repeat(32) },
            { type: 'email', value: 'boss@evil.example' },
          ]),
        );
        await archive.add(withIndicators(8, [{ type: 'cidr', value: '198.51.0.0/16' }], { origin: 'jp' }));
      };
      const hits = async (archive: AlertArchive, value: string): Promise<Array<[number, string]>> =>
        (await archive.search(value, 20)).items.map((h) => [h.record.seq, h.matched.map((m) => m.match).join(',')]);

      it('matches a domain exactly, and its subdomains, URL hosts and email domains, never a look-alike', async () => {
        const archive = await open();
        await seed(archive);
        expect(await hits(archive, 'evil.example')).toEqual([
          [7, 'domain'],
          [3, 'subdomain'],
          [2, 'subdomain'],
          [1, 'exact'],
        ]);
        expect(await hits(archive, 'CDN.evil.example')).toEqual([[2, 'exact']]);
        expect(await hits(archive, 'login.evil.example')).toEqual([[3, 'domain']]);
        expect(await hits(archive, 'example')).toEqual([]);
      });

      it('matches an IP exactly and inside CIDR blocks, IPv4 and IPv6, and nothing outside', async () => {
        const archive = await open();
        await seed(archive);
        expect(await hits(archive, '198.51.100.77')).toEqual([
          [8, 'cidr'],
          [5, 'cidr'],
        ]);
        expect(await hits(archive, '198.51.7.1')).toEqual([[8, 'cidr']]);
        expect(await hits(archive, '198.52.0.1')).toEqual([]);
        expect(await hits(archive, '203.0.113.7')).toEqual([[5, 'exact']]);
        expect(await hits(archive, '2001:DB8:ABCD:0:0::1')).toEqual([[6, 'cidr']]);
        expect(await hits(archive, '2001:db8:abce::1')).toEqual([]);
        expect(await hits(archive, '198.51.100.0/24')).toEqual([[5, 'exact']]);
      });

      it('matches hashes in any case and emails exactly', async () => {
        const archive = await open();
        await seed(archive);
        expect(await hits(archive, 'ab'.repeat(32))).toEqual([[7, 'exact']]);
        expect(await hits(archive, 'Boss@evil.example')).toEqual([[7, 'exact']]);
      });

      it('pages hits newest first with a cursor', async () => {
        const archive = await open();
        for (let seq = 1; seq <= 5; seq += 1) await archive.add(withIndicators(seq, [{ type: 'domain', value: `h${seq}.evil.example` }]));
        const first = await archive.search('evil.example', 2);
        const second = await archive.search('evil.example', 2, first.next!);
        const third = await archive.search('evil.example', 2, second.next!);
        expect([first, second, third].flatMap((p) => p.items.map((h) => h.record.seq))).toEqual([5, 4, 3, 2, 1]);
        expect(third.next).toBeNull();
      });
    });

    describe('deliveries and feedback', () => {
      it('keeps the latest delivery outcome per recipient', async () => {
        const archive = await open();
        const r = record(1, {}, 'sent');
        await archive.add(r);
        expect(await archive.addDeliveries(r.alert.id, [outcome('ng', '2026-03-01T00:00:02.000Z', 'deferred')])).toBe(true);
        await archive.addDeliveries(r.alert.id, [
          outcome('ng', '2026-03-01T00:00:03.000Z', 'delivered'),
          outcome('jp', '2026-03-01T00:00:03.000Z', 'refused'),
        ]);
        await archive.addDeliveries(r.alert.id, [outcome('ng', '2026-03-01T00:00:01.000Z', 'refused')]);
        expect((await archive.get(r.alert.id))?.deliveries).toEqual([
          outcome('jp', '2026-03-01T00:00:03.000Z', 'refused'),
          outcome('ng', '2026-03-01T00:00:03.000Z', 'delivered'),
        ]);
        expect(await archive.addDeliveries(record(9).alert.id, [outcome('ng', '2026-03-01T00:00:01.000Z', 'refused')])).toBe(false);
      });

      it('keeps hand-offs between hubs, the latest per hub and next hub, in time order', async () => {
        const archive = await open();
        const r = record(1, {}, 'sent');
        await archive.add(r);
        const handoff = (hub: string, to: string, at: string, outcome: 'delivered' | 'refused' = 'delivered') => ({
          hub,
          to,
          outcome,
          reasons: [],
          decidedAt: at,
          lane: 'bulk' as const,
        });
        await archive.addDeliveries(r.alert.id, [], [handoff('global', 'asia', '2026-03-01T00:00:02.000Z', 'refused')]);
        await archive.addDeliveries(r.alert.id, [], [handoff('africa', 'global', '2026-03-01T00:00:01.000Z')]);
        await archive.addDeliveries(r.alert.id, [], [handoff('global', 'asia', '2026-03-01T00:00:03.000Z')]);
        expect((await archive.get(r.alert.id))?.handoffs).toEqual([
          handoff('africa', 'global', '2026-03-01T00:00:01.000Z'),
          handoff('global', 'asia', '2026-03-01T00:00:03.000Z'),
        ]);
        expect((await archive.get(record(2).alert.id))?.handoffs).toBeUndefined();
      });

      it('keeps the first stored time per recipient, skips alerts it does not hold, and counts what changed', async () => {
        const archive = await open();
        const a = record(1, {}, 'sent');
        const b = record(2, {}, 'sent');
        await archive.add(a);
        await archive.add(b);
        const at = (s: number): string => new Date(Date.UTC(2026, 2, 1, 0, 0, s)).toISOString();
        const missing = record(9).alert.id;
        expect(
          await archive.addStored('jp', [
            { alertId: a.alert.id, at: at(2) },
            { alertId: missing, at: at(2) },
          ]),
        ).toBe(1);
        expect(await archive.addStored('jp', [{ alertId: a.alert.id, at: at(2) }])).toBe(0);
        expect(
          await archive.addStored('ng', [
            { alertId: a.alert.id, at: at(1) },
            { alertId: b.alert.id, at: at(3) },
          ]),
        ).toBe(2);
        expect((await archive.get(a.alert.id))?.stored).toEqual(
          [
            { node: 'jp', at: at(2) },
            { node: 'ng', at: at(1) },
          ].sort((x, y) => x.node.localeCompare(y.node)),
        );
        expect((await archive.get(b.alert.id))?.stored).toEqual([{ node: 'ng', at: at(3) }]);
        expect(await archive.addStored('jp', [])).toBe(0);
        // A received alert has no recipients to report: a notice naming it changes nothing.
        const received = record(3, {}, 'received');
        await archive.add(received);
        expect(await archive.addStored('jp', [{ alertId: received.alert.id, at: at(4) }])).toBe(0);
        expect((await archive.get(received.alert.id))?.stored).toBeUndefined();
      });

      it('folds each feedback event once: first ack per node, sightings summed per node', async () => {
        const archive = await open();
        const r = record(1, {}, 'sent');
        await archive.add(r);
        const id = r.alert.id;
        expect(await archive.addFeedback('f1', feedback(id, 'ng', 'ack', '2026-03-01T01:00:00.000Z'))).toBe(true);
        expect(await archive.addFeedback('f1', feedback(id, 'ng', 'ack', '2026-03-01T01:00:00.000Z'))).toBe(false);
        await archive.addFeedback('f2', feedback(id, 'ng', 'ack', '2026-03-01T02:00:00.000Z'));
        await archive.addFeedback('f3', feedback(id, 'jp', 'sighting', '2026-03-01T03:00:00.000Z', 5));
        await archive.addFeedback('f4', feedback(id, 'jp', 'sighting', '2026-03-01T04:00:00.000Z', 7));
        expect(await archive.addFeedback('f4', feedback(id, 'jp', 'sighting', '2026-03-01T04:00:00.000Z', 7))).toBe(false);
        const got = await archive.get(id);
        expect(got?.acks).toEqual([{ node: 'ng', at: '2026-03-01T01:00:00.000Z' }]);
        expect(got?.sightings).toEqual([
          { node: 'jp', count: 12, firstSeen: '2026-03-01T00:00:00.000Z', lastSeen: '2026-03-01T04:00:00.000Z' },
        ]);
        expect(await archive.addFeedback('f5', feedback(record(9).alert.id, 'ng', 'ack', '2026-03-01T01:00:00.000Z'))).toBe(false);
      });
    });

    describe('retention per TLP', () => {
      it('hides an alert from every query once its TLP retention has passed, and purges it', async () => {
        const retention = { ...defaultRetention(), RED: DAY, CLEAR: null };
        const archive = await open({ retention });
        const red = withIndicators(1, [{ type: 'domain', value: 'red.example' }], { tlp: 'RED', title: 'red thing' });
        const clear = withIndicators(2, [{ type: 'domain', value: 'clear.example' }], { tlp: 'CLEAR', title: 'clear thing' });
        await archive.add(red);
        await archive.add(clear);
        now = new Date(T0 + DAY / 2);
        expect(await archive.count()).toBe(2);
        expect(await archive.horizon()).toBe(0);
        now = new Date(T0 + 2 * DAY);
        expect(await archive.get(red.alert.id)).toBeUndefined();
        expect((await archive.list({}, 10)).items.map((r) => r.seq)).toEqual([2]);
        expect((await archive.list({ q: 'thing' }, 10)).items.map((r) => r.seq)).toEqual([2]);
        expect((await archive.after(0, {}, 10)).map((r) => r.seq)).toEqual([2]);
        expect((await archive.search('red.example', 10)).items).toEqual([]);
        expect(await archive.addDeliveries(red.alert.id, [outcome('ng', '2026-03-01T00:00:02.000Z', 'delivered')])).toBe(false);
        expect(await archive.addFeedback('late', feedback(red.alert.id, 'ng', 'ack', '2026-03-02T00:00:00.000Z'))).toBe(false);
        expect(await archive.count()).toBe(1);
        expect(await archive.purgeExpired()).toBe(1);
        expect(await archive.purgeExpired()).toBe(0);
        expect(await archive.horizon()).toBe(1);
        now = new Date(T0 + 3650 * DAY);
        expect((await archive.get(clear.alert.id))?.seq).toBe(2);
      });

      it('refuses a record already past its retention, and reports it in the horizon', async () => {
        const archive = await open({ retention: { ...defaultRetention(), AMBER: DAY } });
        now = new Date(T0 + 5 * DAY);
        expect(await archive.add(record(4, { tlp: 'AMBER' }))).toBe(false);
        expect(await archive.add(record(5, { tlp: 'GREEN' }))).toBe(true);
        expect(await archive.count()).toBe(1);
        expect(await archive.horizon()).toBe(4);
      });
    });
  });
}
