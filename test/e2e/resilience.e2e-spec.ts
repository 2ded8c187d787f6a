import { SseClient, TestMesh, waitUntil } from '@cirtmesh/testing';
import { alert } from './fixtures';

/** Links and processes fail; nothing is lost and nothing is shown twice. */
describe('mesh resilience on real nats-servers', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  async function waitForAll(node: string, ids: string[], timeoutMs = 60_000): Promise<void> {
    await waitUntil(
      `${node} to hold ${ids.length} alerts`,
      async () => {
        const held = new Set(await mesh.alertIds(node));
        return ids.every((id) => held.has(id));
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  it('keeps accepting while the uplink is down, and delivers the backlog when it returns', async () => {
    await mesh.runner.stopServer('africa');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await mesh.submit('ke', alert({ title: `offline ${i}` })));
    expect((await mesh.request<{ checks: { uplink: boolean } }>('ke', 'GET', '/api/v1/health')).body.checks.uplink).toBe(false);
    expect(await mesh.alertIds('ke', 'direction=sent')).toEqual(expect.arrayContaining(ids));
    await mesh.runner.startServer('africa');
    await waitForAll('ng', ids);
    await waitForAll('za', ids);
  });

  it('delivers to a stopped recipient node once it is back, and a restarted node loses nothing', async () => {
    const heldBefore = await mesh.alertIds('ng');
    const streamUrl = `http://127.0.0.1:${mesh.runner.party('ng').httpPort}/api/v1/alerts/stream`;
    const lastSeen = (await mesh.request<{ items: Array<{ seq: number }> }>('ng', 'GET', '/api/v1/alerts?limit=1')).body.items[0]?.seq ?? 0;
    await mesh.runner.stopApp('ng');
    await mesh.runner.stopServer('ng');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await mesh.submit('ke', alert({ title: `while ng is down ${i}` })));
    await waitForAll('za', ids);
    await mesh.runner.startServer('ng');
    await mesh.runner.startApp('ng');
    await waitForAll('ng', [...heldBefore, ...ids]);
    const after = await mesh.alertIds('ng');
    expect(new Set(after).size).toBe(after.length);
    // A live stream resumes across the restart from the id it last saw: nothing missed, nothing twice.
    const resumed = await SseClient.open(streamUrl, mesh.runner.party('ng').apiToken, String(lastSeen));
    try {
      const events = await resumed.waitFor((e) => ids.every((id) => e.some((x) => x.data.includes(id))));
      expect(events.map((e) => e.event)).not.toContain('aged-out');
      const streamed = events.map((e) => (JSON.parse(e.data) as { alert: { id: string } }).alert.id);
      expect(streamed).toEqual(expect.arrayContaining(ids));
      expect(new Set(streamed).size).toBe(streamed.length);
      expect(streamed.some((id) => heldBefore.includes(id))).toBe(false);
    } finally {
      await resumed.close();
    }
  });

  it('loses nothing and duplicates nothing when a hub is killed with SIGKILL mid-stream', async () => {
    const total = 120;
    const za = await mesh.subjectCount('za', 'node.za.received');
    const ids: string[] = [];
    let killed: Promise<void> | undefined;
    const origins = ['ke', 'ng'];
    for (let i = 0; i < total; i += 4) {
      const batch = await Promise.all(
        [0, 1, 2, 3].map((k) => mesh.submit(origins[(i + k) % 2], alert({ title: `burst ${i + k}`, tlp: 'CLEAR' }))),
      );
      ids.push(...batch);
      if (!killed && ids.length >= total / 3) killed = mesh.runner.stopApp('africa', 'SIGKILL');
    }
    await killed;
    await mesh.runner.startApp('africa');
    const fromKe = ids.filter((_, i) => origins[i % 2] === 'ke');
    const fromNg = ids.filter((_, i) => origins[i % 2] === 'ng');
    expect(fromKe.length + fromNg.length).toBe(total);
    await waitForAll('za', ids, 90_000);
    await waitForAll('ng', fromKe, 90_000);
    await waitForAll('ke', fromNg, 90_000);
    const atZa = await mesh.alertIds('za');
    expect(atZa.filter((id) => ids.includes(id))).toHaveLength(total);
    // Not shown twice, and not stored twice either: za's log grew by exactly one entry per alert.
    expect(await mesh.subjectCount('za', 'node.za.received')).toBe(za + total);
    // The restarted hub still answers for decisions made before the kill.
    const decisions = await mesh.waitForDecisions('africa', ids[0], 3);
    expect(decisions.map((d) => d.recipient)).toEqual(expect.arrayContaining(['za', 'global']));
  });
});
