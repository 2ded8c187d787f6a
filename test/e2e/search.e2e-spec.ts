import { TestMesh } from '@cirtmesh/testing';
import { alert } from './fixtures';

interface Hit {
  alertId: string;
  origin: string;
  direction: string;
  createdAt: string;
  storedAt: string;
  matched: Array<{ type: string; value: string; match: string }>;
  alert: { alert: { id: string; title: string } };
}

interface SearchPage {
  value: string;
  items: Hit[];
  next: string | null;
}

/** "Have we seen this?": indicator search, full-text q, and the status page operators start from. */
describe('search and status', () => {
  let mesh: TestMesh;
  let fromKe: string;
  let local: string;

  beforeAll(async () => {
    mesh = await TestMesh.start();
    fromKe = await mesh.submit(
      'ke',
      alert({
        title: 'Botnet controller on a hosting range',
        description: 'Mirai variant reaching its controller at cdn.badhost.example',
        tlp: 'CLEAR',
        scope: 'global',
        indicators: [
          { type: 'domain', value: 'cdn.badhost.example' },
          { type: 'cidr', value: '198.51.100.0/24' },
          { type: 'sha256', value: 'C0FFEE'.repeat(10) + 'C0FF' },
        ],
      }),
    );
    local = await mesh.submit(
      'jp',
      alert({ title: 'Local phishing kit', scope: 'national', indicators: [{ type: 'url', value: 'https://pay.badhost.example/login' }] }),
    );
    await mesh.waitForAlert('jp', fromKe);
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const search = (node: string, value: string, extra = ''): Promise<{ status: number; body: SearchPage }> =>
    mesh.request<SearchPage>(node, 'GET', `/api/v1/indicators/search?value=${encodeURIComponent(value)}${extra}`);

  it('finds a received alert by a parent domain, with its origin, time and what matched', async () => {
    const res = await search('jp', 'BadHost.example');
    expect(res.status).toBe(200);
    expect(res.body.value).toBe('badhost.example');
    // Both hold a subdomain; which jp stored first is a race, so the order is checked by the paging test.
    expect(res.body.items.map((h) => [h.alertId, h.origin, h.direction, h.matched.map((m) => m.match)])).toEqual(
      expect.arrayContaining([
        [local, 'jp', 'sent', ['subdomain']],
        [fromKe, 'ke', 'received', ['subdomain']],
      ]),
    );
    expect(res.body.items).toHaveLength(2);
    const hit = res.body.items.find((h) => h.alertId === fromKe)!;
    expect(Date.parse(hit.createdAt)).toBeLessThanOrEqual(Date.parse(hit.storedAt));
    expect(hit.alert.alert.title).toBe('Botnet controller on a hosting range');
  });

  it('finds an address inside a CIDR block, and a hash in any case, and nothing for a stranger', async () => {
    expect((await search('jp', '198.51.100.200')).body.items.map((h) => [h.alertId, h.matched[0].match])).toEqual([[fromKe, 'cidr']]);
    expect((await search('ke', 'c0ffee'.repeat(10) + 'c0ff')).body.items.map((h) => h.alertId)).toEqual([fromKe]);
    expect((await search('jp', '198.51.101.1')).body.items).toEqual([]);
    // ng is in ke's region: a global CLEAR alert reaches it too; my is in jp's and never sees jp's national alert.
    expect((await search('my', 'pay.badhost.example')).body.items).toEqual([]);
  });

  it('pages hits newest first with a cursor', async () => {
    const all = await search('jp', 'badhost.example');
    const newestFirst = [...all.body.items].sort((a, b) => (a.storedAt < b.storedAt ? 1 : -1)).map((h) => h.alertId);
    const first = await search('jp', 'badhost.example', '&limit=1');
    const second = await search('jp', 'badhost.example', `&limit=1&cursor=${first.body.next}`);
    expect([...first.body.items, ...second.body.items].map((h) => h.alertId)).toEqual(newestFirst);
    expect(second.body.next).toBeNull();
  });

  it('answers a bad search with 400 and the reason, and no token with 401', async () => {
    const blank = await search('jp', '   ');
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toMatch(/value must not be blank/);
    expect((await mesh.request('jp', 'GET', '/api/v1/indicators/search')).status).toBe(400);
    expect((await search('jp', 'x'.repeat(5000))).status).toBe(400);
    expect((await search('jp', 'badhost.example', '&cursor=nonsense')).status).toBe(400);
    expect((await mesh.request('jp', 'GET', '/api/v1/indicators/search?value=a.example', undefined, null)).status).toBe(401);
  });

  it('searches titles and descriptions with q, every word, combined with the filters', async () => {
    const ids = async (query: string): Promise<string[]> =>
      (await mesh.request<{ items: Array<{ alert: { id: string } }> }>('jp', 'GET', `/api/v1/alerts?${query}`)).body.items.map(
        (r) => r.alert.id,
      );
    expect(await ids('q=mirai')).toEqual([fromKe]);
    expect(await ids('q=Botnet%20CONTROLLER')).toEqual([fromKe]);
    expect(await ids('q=botnet%20phishing')).toEqual([]);
    expect(await ids('q=phishing&direction=sent')).toEqual([local]);
    expect(await ids('q=phishing&direction=received')).toEqual([]);
    const bad = await mesh.request('jp', 'GET', '/api/v1/alerts?q=%20-%20');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/q must hold at least one word/);
  });

  it("shows an operator the node's link, queues, log and archive", async () => {
    const res = await mesh.request<Record<string, unknown>>('jp', 'GET', '/api/v1/status');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      node: 'jp',
      region: 'asia-pacific',
      status: 'ok',
      nats: { connected: true },
      link: { hub: 'asia-pacific', up: true },
      outbound: { pending: 0 },
      inbound: { pending: 0 },
      archive: { store: 'memory', alerts: 2 },
    });
    expect((res.body.log as { lastSeq: number }).lastSeq).toBeGreaterThanOrEqual(2);
    expect((await mesh.request('jp', 'GET', '/api/v1/status', undefined, null)).status).toBe(401);
  });
});
