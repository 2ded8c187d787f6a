import { DEMO_MESH, SseClient, TestMesh, waitUntil } from '@cirtmesh/testing';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { alert } from './fixtures';

const BUFFER_BYTES = 65_536;

/** Live streams: heartbeats, and a slow client that never slows the others. */
describe('live alert streams', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start(DEMO_MESH, {
      CIRTMESH_SSE_HEARTBEAT: '1s',
      CIRTMESH_SSE_BUFFER_BYTES: String(BUFFER_BYTES),
      // RED alerts age out of the archive within the test; the rest are kept.
      CIRTMESH_RETENTION: 'RED=3s',
    });
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const streamUrl = (node: string): string => `http://127.0.0.1:${mesh.runner.party(node).httpPort}/api/v1/alerts/stream`;

  it('tells a client resuming from before what the node keeps that events aged out, then replays what is held', async () => {
    const token = mesh.runner.party('za').apiToken;
    const red = await mesh.request<{ id: string; seq: number }>(
      'za',
      'POST',
      '/api/v1/alerts',
      alert({ tlp: 'RED', scope: 'regional', recipients: ['ng'] }),
    );
    expect(red.status).toBe(202);
    const kept = await mesh.request<{ id: string; seq: number }>(
      'za',
      'POST',
      '/api/v1/alerts',
      alert({ tlp: 'CLEAR', scope: 'national' }),
    );
    await waitUntil(
      'the RED alert to age out',
      async () => (await mesh.request('za', 'GET', `/api/v1/alerts/${red.body.id}`)).status === 404,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const before = await SseClient.open(streamUrl('za'), token, String(red.body.seq - 1));
    try {
      const events = await before.waitFor((e) => e.some((x) => x.event === 'alert'));
      expect(events[0].event).toBe('aged-out');
      const notice = JSON.parse(events[0].data) as { lastEventId: string; horizon: string; reason: string };
      expect(notice).toMatchObject({ lastEventId: String(red.body.seq - 1), horizon: String(red.body.seq) });
      expect(notice.reason).toMatch(/aged out/);
      const replayed = events.filter((e) => e.event === 'alert').map((e) => (JSON.parse(e.data) as { alert: { id: string } }).alert.id);
      expect(replayed).toContain(kept.body.id);
      expect(replayed).not.toContain(red.body.id);
    } finally {
      await before.close();
    }
    // A client that resumes after the horizon has missed nothing and hears no notice.
    const after = await SseClient.open(streamUrl('za'), token, String(red.body.seq));
    try {
      const events = await after.waitFor((e) => e.some((x) => x.event === 'alert'));
      expect(events.map((e) => e.event)).not.toContain('aged-out');
    } finally {
      await after.close();
    }
  });

  it('tells a client whose id this node never issued, and replays from the start', async () => {
    const token = mesh.runner.party('za').apiToken;
    const first = (await mesh.request<{ items: Array<{ seq: number }> }>('za', 'GET', '/api/v1/alerts?limit=500')).body.items.at(-1)!;
    const stranger = await SseClient.open(streamUrl('za'), token, '999999');
    try {
      const events = await stranger.waitFor((e) => e.some((x) => x.event === 'alert'));
      expect(events[0].event).toBe('aged-out');
      expect(JSON.parse(events[0].data)).toMatchObject({ lastEventId: '999999', reason: expect.stringMatching(/never reached that id/) });
      expect(events[1].id).toBe(String(first.seq));
    } finally {
      await stranger.close();
    }
  });

  it('sends a heartbeat comment at the configured interval', async () => {
    const { port } = new URL(streamUrl('ng'));
    const chunks: string[] = [];
    const req = request({ port, path: '/api/v1/alerts/stream', headers: { authorization: `Bearer ${mesh.runner.party('ng').apiToken}` } });
    const res = await new Promise<IncomingMessage>((resolve) => req.once('response', resolve).end());
    res.setEncoding('utf8').on('data', (c: string) => chunks.push(c));
    try {
      await waitUntil('two heartbeats', () => (chunks.join('').match(/: heartbeat\n\n/g) ?? []).length >= 2, { timeoutMs: 5_000 });
    } finally {
      req.destroy();
    }
  });

  it('disconnects a client that stops reading, with a reason, while a reading client gets everything', async () => {
    const token = mesh.runner.party('ng').apiToken;
    const fast = await SseClient.open(streamUrl('ng'), token);
    // The slow client reads its response head, then nothing more.
    const { port } = new URL(streamUrl('ng'));
    const slowReq: ClientRequest = request({ port, path: '/api/v1/alerts/stream', headers: { authorization: `Bearer ${token}` } });
    const slow = await new Promise<IncomingMessage>((resolve) => slowReq.once('response', resolve).end());
    slow.pause();
    let ended = false;
    slow.once('end', () => (ended = true));
    slow.once('close', () => (ended = true));

    const big = 'x'.repeat(19_000);
    const ids: string[] = [];
    // Enough bytes to fill the kernel's socket buffers and then the node's bound several times over.
    // Two origins, each within its rate limit at the hub: about 8 MB for ng.
    for (let i = 0; i < 200; i += 1) {
      for (const origin of ['ke', 'za']) {
        ids.push(await mesh.submit(origin, alert({ tlp: 'CLEAR', scope: 'regional', description: big, title: `burst ${i}` })));
      }
    }
    // The slow one now reads what was left for it: some alerts, then the reason, then the end.
    let text = '';
    slow.setEncoding('utf8').on('data', (c: string) => (text += c));
    slow.resume();
    await waitUntil('the slow client to be disconnected', () => ended, { timeoutMs: 30_000 });

    // The hub's per-origin rate limit refuses part of a burst like this; what ng stored is the measure.
    const burst = new Set(ids);
    const streamed = (): Set<string> =>
      new Set(fast.events.filter((e) => e.event === 'alert').map((e) => (JSON.parse(e.data) as { alert: { id: string } }).alert.id));
    let previous = -1;
    await waitUntil(
      'ng to store no more of the burst, and the reading client to have streamed all it stored',
      async () => {
        const stored = (await mesh.alertIds('ng', 'direction=received')).filter((id) => burst.has(id));
        const settled = stored.length === previous && stored.length > 100;
        previous = stored.length;
        const seen = streamed();
        return settled && stored.every((id) => seen.has(id));
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(text).toMatch(/event: overflow\ndata: \{"reason":"client too slow[^"]*","lastEventId":"\d+"\}\n\n$/);
    const received = (text.match(/^event: alert$/gm) ?? []).length;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(previous);
    await fast.close();
    slowReq.destroy();
  });
});
