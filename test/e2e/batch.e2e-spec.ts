import { TestMesh } from '@cirtmesh/testing';
import { alert } from './fixtures';

interface ItemResult {
  index: number;
  status: number;
  id?: string;
  seq?: number;
  error?: string;
  details?: Array<{ field: string; messages: string[] }> | { reasons: Array<{ code: string }> };
}

/** `POST /api/v1/alerts/batch`: many submissions in one request, each answered on its own. */
describe('batch submissions', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const batch = (node: string, body: unknown) => mesh.request<{ results: ItemResult[] }>(node, 'POST', '/api/v1/alerts/batch', body);

  it('stores the good items, refuses the bad ones as the single endpoint would, and the good ones travel the mesh', async () => {
    const before = await mesh.subjectCount('ke-fin', 'node.ke-fin.sent.>');
    const res = await batch('ke-fin', {
      alerts: [
        alert({ tlp: 'GREEN', title: 'batch good 0' }),
        alert({ severity: 'urgent', indicators: [{ type: 'ipv4', value: '300.1.2.3' }] }),
        alert({ tlp: 'AMBER', scope: 'global', recipients: ['ke'] }),
        42,
        alert({ tlp: 'CLEAR', title: 'batch good 4', extra: true }),
        alert({ tlp: 'GREEN', title: 'batch good 5' }),
      ],
    });
    expect(res.status).toBe(207);
    const results = res.body.results;
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 202],
      [1, 400],
      [2, 422],
      [3, 400],
      [4, 400],
      [5, 202],
    ]);
    // The same errors as POST /api/v1/alerts gives each of them.
    const single = await mesh.request<{ details: unknown }>(
      'ke-fin',
      'POST',
      '/api/v1/alerts',
      alert({ severity: 'urgent', indicators: [{ type: 'ipv4', value: '300.1.2.3' }] }),
    );
    expect(results[1].details).toEqual(single.body.details);
    expect((results[2].details as { reasons: Array<{ code: string }> }).reasons.map((r) => r.code)).toEqual([
      'node-tlp-ceiling',
      'node-scope',
    ]);
    expect(results[4].details).toEqual([expect.objectContaining({ field: 'extra' })]);
    const stored = [results[0], results[5]];
    for (const r of stored) expect(r).toEqual({ index: r.index, status: 202, id: expect.any(String), seq: expect.any(Number) });
    expect(await mesh.subjectCount('ke-fin', 'node.ke-fin.sent.>')).toBe(before + 2);
    for (const r of stored) await mesh.waitForAlert('ng', r.id!);
    const titles = await Promise.all(
      stored.map(
        async (r) => (await mesh.request<{ alert: { title: string } }>('ke-fin', 'GET', `/api/v1/alerts/${r.id}`)).body.alert.title,
      ),
    );
    expect(titles).toEqual(['batch good 0', 'batch good 5']);
  });

  it('stores 500 submissions in one request, each once, in the order given', async () => {
    const alerts = Array.from({ length: 500 }, (_, i) => alert({ tlp: 'CLEAR', scope: 'national', title: `bulk ${i}` }));
    const res = await batch('za', { alerts });
    expect(res.status).toBe(207);
    expect(res.body.results.every((r, i) => r.index === i && r.status === 202)).toBe(true);
    expect(new Set(res.body.results.map((r) => r.id)).size).toBe(500);
    const seqs = res.body.results.map((r) => r.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('answers a body that is not a batch with 400, and a batch over 500 with 400, storing nothing', async () => {
    const before = await mesh.subjectCount('ke', 'node.ke.sent.>');
    for (const body of [
      {},
      { alerts: [] },
      { alerts: 'x' },
      { alerts: [alert()], more: 1 },
      [alert()],
      { alerts: Array.from({ length: 501 }, () => alert()) },
    ]) {
      const res = await batch('ke', body);
      expect(res.status).toBe(400);
    }
    const read = await mesh.request('ke', 'POST', '/api/v1/alerts/batch', { alerts: [alert()] }, mesh.runner.party('ke').readToken);
    expect(read.status).toBe(403);
    expect(await mesh.subjectCount('ke', 'node.ke.sent.>')).toBe(before);
  });
});
