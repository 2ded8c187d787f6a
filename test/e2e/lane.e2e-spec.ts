import { Streams } from '@cirtmesh/contracts';
import { TestMesh, waitUntil } from '@cirtmesh/testing';
import { alert } from './fixtures';

type Listed = { items: Array<{ seq: number; alert: { id: string } }> };

/** Critical alerts travel in a lane of their own at every hop: a bulk backlog never sits in front of them. */
describe('the critical lane', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  /** Messages waiting in one of a hub's delivery consumers. */
  async function pending(hub: string, consumer: string): Promise<number> {
    const jsm = await (await mesh.nats(hub)).jetstreamManager();
    return (await jsm.consumers.info(Streams.deliver, consumer)).num_pending;
  }

  it('lets a critical alert overtake a bulk backlog queued for a member, by order of arrival', async () => {
    const BACKLOG = 40;
    await mesh.runner.stopApp('ng');
    try {
      const res = await mesh.request<{ results: Array<{ status: number; id: string }> }>('ke', 'POST', '/api/v1/alerts/batch', {
        alerts: Array.from({ length: BACKLOG }, (_, i) => alert({ tlp: 'CLEAR', severity: 'low', title: `bulk backlog ${i}` })),
      });
      expect(res.body.results.map((r) => r.status)).toEqual(Array.from({ length: BACKLOG }, () => 202));
      const bulk = res.body.results.map((r) => r.id);
      await waitUntil('the backlog to wait for ng at africa', async () => (await pending('africa', 'ng')) >= BACKLOG, {
        timeoutMs: 30_000,
      });
      const critical = await mesh.submit('ke', alert({ tlp: 'CLEAR', severity: 'critical', title: 'critical, behind the backlog' }));
      await waitUntil('the critical alert to wait for ng at africa', async () => (await pending('africa', 'ng_critical')) >= 1, {
        timeoutMs: 30_000,
      });
      expect(await pending('africa', 'ng')).toBe(BACKLOG);
      await mesh.runner.startApp('ng');
      await mesh.waitForAlert('ng', critical, 30_000);
      for (const id of bulk) await mesh.waitForAlert('ng', id, 30_000);
      // ng's log holds them in the order they arrived: most of the backlog came after the critical alert.
      const held = (await mesh.request<Listed>('ng', 'GET', '/api/v1/alerts?direction=received&limit=500')).body.items;
      const seqOf = new Map(held.map((r) => [r.alert.id, r.seq]));
      const after = bulk.filter((id) => seqOf.get(id)! > seqOf.get(critical)!).length;
      expect(after).toBeGreaterThanOrEqual(BACKLOG / 2);
      const decisions = await mesh.waitForDecisions('africa', critical, 4);
      expect(decisions.find((d) => d.recipient === 'ng')).toMatchObject({ verdict: 'deliver', lane: 'critical' });
      const bulkDecision = (await mesh.waitForDecisions('africa', bulk[0], 4)).find((d) => d.recipient === 'ng');
      expect(bulkDecision).toMatchObject({ verdict: 'deliver', lane: 'bulk' });
    } finally {
      if (!mesh.runner.apps.get('ng')?.running) await mesh.runner.startApp('ng');
    }
  });

  it('carries a critical global alert in the critical lane across every hub to the other region', async () => {
    const critical = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', severity: 'critical', title: 'critical, global' }));
    await mesh.waitForAlert('jp', critical);
    for (const hub of ['africa', 'global', 'asia-pacific']) {
      const decisions = await mesh.waitForDecisions(hub, critical, 1);
      expect(decisions.filter((d) => d.verdict === 'deliver').every((d) => (d as { lane?: string }).lane === 'critical')).toBe(true);
    }
  });
});
