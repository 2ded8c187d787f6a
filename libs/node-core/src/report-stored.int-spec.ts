import { encodeAlertEvent, MeshHeaders, parseMeshEvent, Subjects, type StoredEvent } from '@cirtmesh/contracts';
import { ensureStream, workQueueStream } from '@cirtmesh/messaging';
import { incoming, signedAlert, testKeys, TestNatsServer } from '@cirtmesh/testing';
import type { NatsConnection } from 'nats';
import { ReportStored } from './report-stored';

const { key } = testKeys(['ke', 'ng', 'jp']);
const T0 = Date.parse('2026-12-02T10:00:00.000Z');

/** Node jp tells each origin what it stored, through a real nats-server standing in for its hub's ingest. */
describe(ReportStored.name, () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let seq = 0;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nc = await server.connect();
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  /** A received alert as jp's log holds it: with its origin and dedupe id in the headers, or (older records) without. */
  const logged = (origin: string, at: number, withHeaders = true) => {
    const event = signedAlert(origin, key(origin));
    const headers: Record<string, string> = withHeaders ? { [MeshHeaders.origin]: origin, [MeshHeaders.msgId]: `recv:${event.id}` } : {};
    return { id: event.id, message: incoming(Subjects.nodeReceived('jp'), encodeAlertEvent(event), (seq += 1), headers, T0 + at) };
  };

  async function notices(): Promise<StoredEvent[]> {
    const jsm = await nc.jetstreamManager();
    const out: StoredEvent[] = [];
    const { state } = await jsm.streams.info('INGEST');
    for (let s = state.first_seq; s <= state.last_seq && state.messages > 0; s += 1) {
      const parsed = parseMeshEvent((await jsm.streams.getMessage('INGEST', { seq: s })).data);
      if (parsed.kind === 'stored') out.push(parsed.event);
    }
    return out;
  }

  it('sends one notice per origin for a burst, naming each alert and when it was stored, then settles every message', async () => {
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream('INGEST', [Subjects.ingestAll('asia-pacific')]));
    const report = new ReportStored(nc, 'jp', 'asia-pacific', 100);
    const fromKe = [logged('ke', 1), logged('ke', 2), logged('ke', 3, false)];
    const fromNg = [logged('ng', 4), logged('ng', 5)];
    await Promise.all([...fromKe, ...fromNg].map((l) => report.execute(l.message)));
    const sent = await notices();
    expect(sent).toHaveLength(2);
    const forKe = sent.find((n) => n.data.origin === 'ke')!;
    expect(forKe.source).toBe('cirtmesh://node/jp');
    expect(forKe.data).toEqual({
      origin: 'ke',
      from: 'jp',
      alerts: fromKe.map((l, i) => ({ alertId: l.id, at: new Date(T0 + i + 1).toISOString() })),
    });
    expect(sent.find((n) => n.data.origin === 'ng')!.data.alerts.map((a) => a.alertId)).toEqual(fromNg.map((l) => l.id));
    await jsm.streams.delete('INGEST');
  });

  it("keeps two nodes' notices apart, even for the same alert stored in the same millisecond, and drops a notice sent twice", async () => {
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, workQueueStream('INGEST', [Subjects.ingestAll('asia-pacific')]));
    const same = logged('ke', 7);
    const atJp = new ReportStored(nc, 'jp', 'asia-pacific', 20);
    const atMy = new ReportStored(nc, 'my', 'asia-pacific', 20);
    await Promise.all([atJp.execute(same.message), atMy.execute({ ...same.message, subject: Subjects.nodeReceived('my') })]);
    await atJp.execute(same.message);
    const sent = await notices();
    expect(sent.map((n) => n.data.from).sort()).toEqual(['jp', 'my']);
    await jsm.streams.delete('INGEST');
  });

  it('rejects every message of a notice it could not send, so the log brings them again', async () => {
    const report = new ReportStored(nc, 'jp', 'asia-pacific', 20);
    const results = await Promise.allSettled([logged('ke', 1), logged('ke', 2)].map((l) => report.execute(l.message)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
