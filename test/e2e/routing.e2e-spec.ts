import { encodeAlertEvent, Streams, Subjects, toAlertEvent } from '@cirtmesh/contracts';
import { SseClient, TestMesh, waitUntil } from '@cirtmesh/testing';
import { headers as natsHeaders } from 'nats';
import { v7 } from 'uuid';
import { AFRICA, ALL_NODES, ASIA_PACIFIC, alert } from './fixtures';

/**
 * The demo topology (global hub; africa: ke, ng, za; asia-pacific: jp, my, id), every party its
 * own process with its own nats-server. Each test submits over HTTP and looks at what arrived.
 */
describe('mesh routing on real nats-servers', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  it('delivers a GREEN regional alert from ke to its region (ng, za, ke-fin), and to nobody in asia-pacific', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'regional' }));
    await mesh.waitForAlert('ng', id);
    await mesh.waitForAlert('za', id);
    await mesh.barrier('ke');
    const decisions = await mesh.waitForDecisions('africa', id, 4);
    for (const node of ASIA_PACIFIC) expect(await mesh.alertIds(node)).not.toContain(id);
    expect(decisions.find((d) => d.recipient === 'global')).toMatchObject({ verdict: 'refuse', reasons: [{ code: 'scope-not-global' }] });
    expect(
      decisions
        .filter((d) => d.verdict === 'deliver')
        .map((d) => d.recipient)
        .sort(),
    ).toEqual(['ke-fin', 'ng', 'za']);
  });

  it('delivers a CLEAR global alert to every other node and never back to its origin', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global' }));
    await Promise.all(ALL_NODES.filter((n) => n !== 'ke').map((n) => mesh.waitForAlert(n, id)));
    const atJp = await mesh.request<{ direction: string; via: string[]; alert: { origin: string } }>('jp', 'GET', `/api/v1/alerts/${id}`);
    expect(atJp.body).toMatchObject({ direction: 'received', via: ['africa', 'global', 'asia-pacific'], alert: { origin: 'ke' } });
    expect(await mesh.alertIds('ke', 'direction=received')).not.toContain(id);
    expect((await mesh.request<{ direction: string }>('ke', 'GET', `/api/v1/alerts/${id}`)).body.direction).toBe('sent');
  });

  it('delivers an AMBER alert from ke to [jp] to jp only', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'AMBER', scope: 'global', recipients: ['jp'] }));
    await mesh.waitForAlert('jp', id);
    await mesh.barrier('ke');
    const africa = await mesh.waitForDecisions('africa', id, 4);
    const global = await mesh.waitForDecisions('global', id, 1);
    const asia = await mesh.waitForDecisions('asia-pacific', id, 3);
    for (const node of ['ng', 'za', 'ke-fin', 'my', 'id']) expect(await mesh.alertIds(node)).not.toContain(id);
    expect(africa.filter((d) => d.verdict === 'deliver').map((d) => d.recipient)).toEqual(['global']);
    expect(global.find((d) => d.recipient === 'asia-pacific')?.verdict).toBe('deliver');
    expect(asia.filter((d) => d.verdict === 'deliver').map((d) => d.recipient)).toEqual(['jp']);
    expect(asia.filter((d) => d.verdict === 'refuse').every((d) => d.reasons[0].code === 'tlp-not-named')).toBe(true);
  });

  it('refuses a named recipient outside a regional scope, with that reason', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'RED', scope: 'regional', recipients: ['ng', 'jp'] }));
    await mesh.waitForAlert('ng', id);
    const decisions = await mesh.waitForDecisions('africa', id, 5);
    await mesh.barrier('ke');
    expect(await mesh.alertIds('jp')).not.toContain(id);
    expect(await mesh.alertIds('za')).not.toContain(id);
    expect(decisions.find((d) => d.recipient === 'jp')).toMatchObject({ verdict: 'refuse', reasons: [{ code: 'out-of-scope' }] });
  });

  it("carries the submitting request's traceparent across every hop to the recipient", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await mesh.request<{ id: string }>('ke', 'POST', '/api/v1/alerts', alert({ tlp: 'CLEAR', scope: 'global' }), undefined, {
      traceparent,
    });
    expect(res.status).toBe(202);
    await mesh.waitForAlert('jp', res.body.id);
    const stored = await mesh.request<{ seq: number }>('jp', 'GET', `/api/v1/alerts/${res.body.id}`);
    const jsm = await (await mesh.nats('jp')).jetstreamManager();
    const message = await jsm.streams.getMessage(Streams.alerts, { seq: stored.body.seq });
    expect(message.header.get('traceparent')).toBe(traceparent);
    expect(message.header.get('Cirtmesh-Hop-Path')).toBe('africa,global,asia-pacific');
  });

  it('answers an invalid alert with 400 and field errors, and publishes nothing', async () => {
    const before = await mesh.subjectCount('ke', 'node.ke.sent.>');
    const res = await mesh.request<{ details: Array<{ field: string; messages: string[] }> }>(
      'ke',
      'POST',
      '/api/v1/alerts',
      alert({
        tlp: 'RED',
        recipients: undefined,
        severity: 'urgent',
        indicators: [
          { type: 'ipv4', value: '300.1.2.3' },
          { type: 'sha256', value: 'abc' },
        ],
        extra: 1,
      }),
    );
    expect(res.status).toBe(400);
    const fields = res.body.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['severity', 'recipients', 'indicators.0.value', 'indicators.1.value', 'extra']));
    expect(res.body.details.find((d) => d.field === 'indicators.0.value')?.messages[0]).toMatch(/IPv4/);
    expect(await mesh.subjectCount('ke', 'node.ke.sent.>')).toBe(before);
  });

  it('keeps a scope national alert at its node: nothing reaches any hub', async () => {
    const count = (subject: string): Promise<number> => mesh.subjectCount('ke', subject);
    const [localBefore, meshBefore] = [await count('node.ke.sent.local'), await count('node.ke.sent.>')];
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'national' }));
    await mesh.barrier('ke');
    expect((await mesh.request('ke', 'GET', `/api/v1/alerts/${id}`)).status).toBe(200);
    for (const hub of ['africa', 'global', 'asia-pacific']) expect(await mesh.decisions(hub, id)).toEqual([]);
    for (const node of ALL_NODES.filter((n) => n !== 'ke')) expect(await mesh.alertIds(node)).not.toContain(id);
    // It stayed on the subject the uplink never reads; only the barrier alert went up.
    expect(await count('node.ke.sent.local')).toBe(localBefore + 1);
    expect(await count('node.ke.sent.>')).toBe(meshBefore + 2);
  });

  it('stores and shows a duplicate delivery of the same alert once', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN' }));
    await mesh.waitForAlert('ng', id);
    const before = await mesh.subjectCount('ng', 'node.ng.received');
    // Replay the delivery as a hub that crashed before its ack would: the same signed bytes, a new message id.
    const hub = await mesh.nats('africa');
    const stored = await mesh.request<{ seq: number }>('ng', 'GET', `/api/v1/alerts/${id}`);
    const raw = await (await (await mesh.nats('ng')).jetstreamManager()).streams.getMessage(Streams.alerts, { seq: stored.body.seq });
    const h = natsHeaders();
    h.set('Cirtmesh-Hop-Path', 'africa');
    await hub.jetstream().publish(Subjects.deliver('africa', 'ng'), raw.data, { msgID: `${id}:replayed`, headers: h });
    await mesh.barrier('ke');
    const jsm = await hub.jetstreamManager();
    await waitUntil('ng to have consumed the replayed delivery', async () => {
      const info = await jsm.consumers.info(Streams.deliver, 'ng');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect((await mesh.alertIds('ng')).filter((x) => x === id)).toHaveLength(1);
    // One more received alert (the barrier) and nothing else in ng's log.
    expect(await mesh.subjectCount('ng', 'node.ng.received')).toBe(before + 1);
  });

  it('refuses an alert whose payload claims another origin than the member that sent it', async () => {
    const forged = alert({ tlp: 'CLEAR', scope: 'regional' });
    const id = await mesh.submit('ng', forged);
    await mesh.waitForAlert('za', id);
    // Re-send ng's alert into africa's ingest as if ke had sent it.
    const original = await mesh.request<{ alert: { id: string } }>('za', 'GET', `/api/v1/alerts/${id}`);
    const copy = { ...(original.body.alert as object), id: v7() } as never;
    const hub = await mesh.nats('africa');
    await hub.jetstream().publish(Subjects.ingest('africa', 'ke'), encodeAlertEvent(toAlertEvent(copy)), { msgID: 'forged-1' });
    const rejected = await waitUntil('africa to record the forged alert', async () => {
      const res = await mesh.request<{ items: Array<{ code: string; subject: string }> }>('africa', 'GET', '/api/v1/rejected');
      return res.body.items.some((r) => r.code === 'ORIGIN_MISMATCH') ? res.body.items : undefined;
    });
    expect(rejected).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'ORIGIN_MISMATCH', subject: 'mesh.ingest.africa.ke' })]),
    );
    await mesh.barrier('ke');
    expect(await mesh.decisions('africa', (copy as { id: string }).id)).toEqual([]);
  });

  it('terminates an alert that has already crossed this hub, or would exceed the hop limit, and records why', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'regional', title: 'loop source' }));
    await mesh.waitForAlert('ng', id);
    const original = await mesh.request<{ alert: object }>('ng', 'GET', `/api/v1/alerts/${id}`);
    const hub = await mesh.nats('africa');
    const looped = { ...original.body.alert, id: v7() } as never;
    const tooFar = { ...original.body.alert, id: v7() } as never;
    const h1 = natsHeaders();
    h1.set('Cirtmesh-Hop-Path', 'global,africa');
    await hub
      .jetstream()
      .publish(Subjects.ingest('africa', 'ke'), encodeAlertEvent(toAlertEvent(looped)), { msgID: 'loop-1', headers: h1 });
    const h2 = natsHeaders();
    h2.set('Cirtmesh-Hop-Limit', '1');
    h2.set('Cirtmesh-Hop-Path', 'elsewhere');
    await hub
      .jetstream()
      .publish(Subjects.ingest('africa', 'ke'), encodeAlertEvent(toAlertEvent(tooFar)), { msgID: 'hops-1', headers: h2 });
    await waitUntil('africa to record the looped and the too-far alert', async () => {
      const res = await mesh.request<{ items: Array<{ code: string }> }>('africa', 'GET', '/api/v1/rejected');
      const codes = res.body.items.map((r) => r.code);
      return codes.includes('LOOP') && codes.includes('HOP_LIMIT');
    });
    await mesh.barrier('ke');
    for (const node of ['ng', 'za']) {
      const held = await mesh.alertIds(node);
      expect(held).not.toContain((looped as { id: string }).id);
      expect(held).not.toContain((tooFar as { id: string }).id);
    }
  });

  it('answers an oversized body with 413 and keeps serving', async () => {
    const before = await mesh.subjectCount('ke', 'node.ke.sent.>');
    const res = await mesh.request<{ statusCode: number; message: string }>(
      'ke',
      'POST',
      '/api/v1/alerts',
      alert({ description: 'x'.repeat(600_000) }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'request body is too large' });
    const bad = await mesh.request<{ statusCode: number }>('ke', 'POST', '/api/v1/alerts', '{"title": ');
    expect(bad.status).toBe(400);
    expect(await mesh.subjectCount('ke', 'node.ke.sent.>')).toBe(before);
    expect((await mesh.request('ke', 'GET', '/api/v1/health')).status).toBe(200);
  });

  it("lets a node's server publish only on its own ingest subject at its hub", async () => {
    const ke = await mesh.nats('ke', Subjects.inboxPrefix('ke'));
    const js = ke.jetstream({ timeout: 2_000 });
    await expect(js.publish(Subjects.ingest('africa', 'ng'), new Uint8Array([123, 125]), { msgID: 'impersonation' })).rejects.toThrow(
      /503|timeout/i,
    );
    const jsm = await ke.jetstreamManager({ domain: 'africa', timeout: 2_000, checkAPI: false });
    await expect(
      jsm.consumers.add(Streams.deliver, { durable_name: 'snoop', filter_subject: Subjects.deliver('africa', 'ng') }),
    ).rejects.toThrow();
    await expect(ke.jetstream({ domain: 'africa', timeout: 2_000 }).consumers.get(Streams.deliver, 'ng')).rejects.toThrow();
  });

  it('requires the bearer token everywhere but health', async () => {
    expect((await mesh.request('ke', 'GET', '/api/v1/alerts', undefined, null)).status).toBe(401);
    expect((await mesh.request('ke', 'GET', '/api/v1/alerts', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    expect(
      (await mesh.request('africa', 'GET', `/api/v1/decisions?alert=01a201ed-9ddc-746a-8036-7b6ac8851935`, undefined, null)).status,
    ).toBe(401);
    expect((await mesh.request('ke', 'GET', '/api/v1/health', undefined, null)).status).toBe(200);
    expect((await mesh.request('africa', 'GET', '/api/v1/health', undefined, null)).status).toBe(200);
  });

  it('holds role checks: submit may post, read may read, only admin reads decisions and rejections', async () => {
    const ke = mesh.runner.party('ke');
    const africa = mesh.runner.party('africa');
    const asSubmit = await mesh.request<{ id: string }>('ke', 'POST', '/api/v1/alerts', alert(), ke.submitToken);
    expect(asSubmit.status).toBe(202);
    expect((await mesh.request('ke', 'GET', '/api/v1/alerts', undefined, ke.submitToken)).status).toBe(403);
    expect((await mesh.request('ke', 'GET', `/api/v1/alerts/${asSubmit.body.id}`, undefined, ke.readToken)).status).toBe(200);
    const readPost = await mesh.request<{ message: string }>('ke', 'POST', '/api/v1/alerts', alert(), ke.readToken);
    expect(readPost).toMatchObject({ status: 403, body: { message: 'token read lacks the submit role' } });
    expect((await mesh.request('ke', 'GET', '/api/v1/rejected', undefined, ke.readToken)).status).toBe(403);
    expect((await mesh.request('ke', 'GET', '/api/v1/rejected', undefined, ke.apiToken)).status).toBe(200);
    expect((await mesh.request('africa', 'GET', `/api/v1/decisions?alert=${asSubmit.body.id}`, undefined, africa.readToken)).status).toBe(
      403,
    );
    expect((await mesh.request('africa', 'GET', '/api/v1/policy', undefined, africa.readToken)).status).toBe(200);
    expect((await mesh.request('africa', 'GET', '/api/v1/policy', undefined, ke.readToken)).status).toBe(401);
  });

  it('sends security headers and no CORS grant', async () => {
    const res = await fetch(`http://127.0.0.1:${mesh.runner.party('ke').httpPort}/api/v1/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('streams alerts live and resumes from Last-Event-ID without a gap', async () => {
    const p = mesh.runner.party('za');
    const url = `http://127.0.0.1:${p.httpPort}/api/v1/alerts/stream?direction=received&origin=ke`;
    const first = await SseClient.open(url, p.apiToken);
    const a = await mesh.submit('ke', alert({ title: 'live 1' }));
    const events = await first.waitFor((e) => e.some((x) => JSON.parse(x.data).alert.id === a));
    const lastId = events[events.length - 1].id!;
    await first.close();
    const missed = [];
    for (let i = 0; i < 5; i += 1) missed.push(await mesh.submit('ke', alert({ title: `while away ${i}` })));
    await Promise.all(missed.map((id) => mesh.waitForAlert('za', id)));
    const second = await SseClient.open(url, p.apiToken, lastId);
    const live = await mesh.submit('ke', alert({ title: 'live 2' }));
    const resumed = await second.waitFor((e) => e.some((x) => JSON.parse(x.data).alert.id === live));
    await second.close();
    const ids = resumed.map((e) => JSON.parse(e.data).alert.id as string);
    expect(ids.slice(0, 5)).toEqual(missed);
    expect(ids).toContain(live);
    expect(ids).not.toContain(a);
    const seqs = resumed.map((e) => Number(e.id));
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    for (const node of AFRICA.filter((n) => n !== 'ke')) await mesh.waitForAlert(node, live);
  });
});
