import { encodeEvent, Subjects, toFeedbackEvent, type AckSummary, type SightingSummary } from '@cirtmesh/contracts';
import { TestMesh, waitUntil } from '@cirtmesh/testing';
import { v7 } from 'uuid';
import { alert } from './fixtures';

interface WithFeedback {
  acks?: AckSummary[];
  sightings?: SightingSummary[];
}

/** Acks and sightings: a recipient's word back to the origin, and to nobody else. */
describe('acknowledgements and sightings', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await TestMesh.start();
  });

  afterAll(async () => {
    await mesh?.stop();
  });

  const record = async (node: string, id: string): Promise<WithFeedback> =>
    (await mesh.request<WithFeedback>(node, 'GET', `/api/v1/alerts/${id}`)).body;

  const waitFor = (node: string, id: string, what: string, ok: (r: WithFeedback) => boolean): Promise<WithFeedback> =>
    waitUntil(
      `${node} to show ${what} on ${id}`,
      async () => {
        const r = await record(node, id);
        return ok(r) ? r : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );

  it("brings a neighbour's ack and summed sightings back to the origin", async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'regional' }));
    await Promise.all(['ng', 'za'].map((n) => mesh.waitForAlert(n, id)));
    const ack = await mesh.request<{ kind: string; from: string; origin: string }>('ng', 'POST', `/api/v1/alerts/${id}/ack`, {});
    expect(ack.status).toBe(202);
    expect(ack.body).toMatchObject({ kind: 'ack', from: 'ng', origin: 'ke' });
    const s1 = { count: 3, firstSeen: '2026-11-20T10:00:00Z', lastSeen: '2026-11-20T12:00:00+02:00', note: 'on our resolvers' };
    const s2 = { count: 2, firstSeen: '2026-11-19T08:00:00Z', lastSeen: '2026-11-21T09:30:00Z' };
    for (const body of [s1, s2]) expect((await mesh.request('za', 'POST', `/api/v1/alerts/${id}/sightings`, body)).status).toBe(202);

    const atOrigin = await waitFor('ke', id, 'an ack and 5 sightings', (r) => r.acks?.length === 1 && r.sightings?.[0]?.count === 5);
    expect(atOrigin.acks).toEqual([{ node: 'ng', at: expect.any(String) }]);
    expect(atOrigin.sightings).toEqual([
      { node: 'za', count: 5, firstSeen: '2026-11-19T08:00:00.000Z', lastSeen: '2026-11-21T09:30:00.000Z' },
    ]);
    // Each reporter sees its own word; no other recipient sees anyone's.
    expect((await record('ng', id)).acks).toEqual([{ node: 'ng', at: expect.any(String) }]);
    expect((await record('za', id)).sightings).toEqual(atOrigin.sightings);
    await mesh.barrier('za');
    for (const other of ['za', 'ke-fin']) expect((await record(other, id)).acks).toBeUndefined();
    expect((await record('ng', id)).sightings).toBeUndefined();
  });

  it('brings feedback from another region back across three hubs, to the origin only', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global' }));
    await Promise.all(['jp', 'ng', 'my'].map((n) => mesh.waitForAlert(n, id)));
    expect(
      (
        await mesh.request('jp', 'POST', `/api/v1/alerts/${id}/sightings`, {
          count: 7,
          firstSeen: '2026-11-21T00:00:00Z',
          lastSeen: '2026-11-21T01:00:00Z',
        })
      ).status,
    ).toBe(202);
    expect((await mesh.request('jp', 'POST', `/api/v1/alerts/${id}/ack`)).status).toBe(202);
    const atOrigin = await waitFor('ke', id, "jp's ack and sighting", (r) => r.acks?.length === 1 && r.sightings?.length === 1);
    expect(atOrigin.sightings).toEqual([expect.objectContaining({ node: 'jp', count: 7 })]);
    await mesh.barrier('jp');
    for (const other of ['ng', 'my', 'id']) expect(await record(other, id)).not.toHaveProperty('sightings');
  });

  it('keeps acks and sightings across a restart of the origin and of the reporter', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'regional', title: 'kept across restarts' }));
    await mesh.waitForAlert('ng', id);
    await mesh.request('ng', 'POST', `/api/v1/alerts/${id}/ack`);
    await mesh.request('ng', 'POST', `/api/v1/alerts/${id}/sightings`, {
      count: 4,
      firstSeen: '2026-11-21T00:00:00Z',
      lastSeen: '2026-11-21T02:00:00Z',
    });
    const before = await waitFor('ke', id, 'the ack and sighting', (r) => r.acks?.length === 1 && r.sightings?.length === 1);
    for (const node of ['ke', 'ng']) {
      await mesh.runner.stopApp(node);
      await mesh.runner.startApp(node);
    }
    expect(await record('ke', id)).toMatchObject({ acks: before.acks, sightings: before.sightings });
    expect(await record('ng', id)).toMatchObject({ acks: before.acks, sightings: before.sightings });
  });

  it('answers 404, 409, 400 and 403 with a reason, and sends nothing', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'regional' }));
    await mesh.waitForAlert('ng', id);
    const own = await mesh.request<{ message: string }>('ke', 'POST', `/api/v1/alerts/${id}/ack`);
    expect(own).toMatchObject({ status: 409, body: { message: expect.stringMatching(/originated here/) } });
    expect((await mesh.request('ng', 'POST', `/api/v1/alerts/${v7()}/ack`)).status).toBe(404);
    const backwards = await mesh.request<{ message: string }>('ng', 'POST', `/api/v1/alerts/${id}/sightings`, {
      count: 1,
      firstSeen: '2026-11-21T05:00:00Z',
      lastSeen: '2026-11-21T04:00:00Z',
    });
    expect(backwards).toMatchObject({ status: 400, body: { message: expect.stringMatching(/firstSeen must not be after lastSeen/) } });
    for (const bad of [
      { count: 0, firstSeen: '2026-11-21T05:00:00Z', lastSeen: '2026-11-21T05:00:00Z' },
      { count: 1 },
      { count: 1.5, firstSeen: 'x', lastSeen: 'y' },
    ]) {
      expect((await mesh.request('ng', 'POST', `/api/v1/alerts/${id}/sightings`, bad)).status).toBe(400);
    }
    const readOnly = mesh.runner.party('ng').readToken;
    expect((await mesh.request('ng', 'POST', `/api/v1/alerts/${id}/ack`, {}, readOnly)).status).toBe(403);
    await mesh.barrier('ng');
    expect(await record('ke', id)).not.toHaveProperty('acks');
    expect(await record('ke', id)).not.toHaveProperty('sightings');
  });

  it('refuses feedback a member sends in the name of another node', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'regional' }));
    await mesh.waitForAlert('za', id);
    const forged = toFeedbackEvent(v7(), { alertId: id, origin: 'ke', from: 'za', kind: 'ack', at: new Date().toISOString() }, new Date());
    // Into africa's ingest as if ng had sent it, claiming to be za.
    await (
      await mesh.nats('africa')
    )
      .jetstream()
      .publish(Subjects.ingest('africa', 'ng'), encodeEvent(forged), { msgID: 'forged-feedback' });
    await waitUntil('africa to record the forged feedback', async () => {
      const res = await mesh.request<{ items: Array<{ code: string }> }>('africa', 'GET', '/api/v1/rejected');
      return res.body.items.some((r) => r.code === 'FEEDBACK_FORGED');
    });
    await mesh.barrier('za');
    expect(await record('ke', id)).not.toHaveProperty('acks');
  });
});
