import { encodeAlertEvent, MeshHeaders, parseMeshEvent, Streams, Subjects, type DecisionRecord, type MeshEvent } from '@cirtmesh/contracts';
import { demoDirectory, demoPolicyFile, incoming, signedAlert, testKeys, TestNatsServer } from '@cirtmesh/testing';
import type { NatsConnection, StoredMsg } from 'nats';
import { DecisionLog } from './decision-log';
import { HandOff } from './hand-off';
import { ensureHubStreams } from './hub-streams';
import { hubView } from './hub-view';
import { PolicyHolder } from './policy-holder';
import { ReceiptRouter } from './receipts';
import { ReleaseDeferred } from './release-deferred';
import { RouteAlert } from './route-alert';

const directory = demoDirectory();
const hub = hubView(directory, 'africa');
const { key, keyring } = testKeys(['ke', 'ng', 'africa']);

/** The africa hub's use cases on one real nats-server: what they publish and record is read back from JetStream. */
describe(RouteAlert.name, () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let route: RouteAlert;
  let decisions: DecisionLog;
  let release: ReleaseDeferred;
  let now = new Date();
  let seq = 0;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nc = await server.connect();
    await ensureHubStreams(nc, hub);
    decisions = new DecisionLog(nc, hub.id);
    await decisions.init();
    const policies = new PolicyHolder(hub.id, directory, demoPolicyFile(hub.id));
    const receipts = new ReceiptRouter(nc, hub, directory);
    const handOff = new HandOff(nc, hub, policies, key('africa'));
    const clock = (): Date => now;
    route = new RouteAlert({
      hub,
      directory,
      policies,
      decisions,
      handOff,
      receipts,
      keyring: () => keyring,
      maxAlertAgeMs: 86_400_000,
      clock,
    });
    release = new ReleaseDeferred(nc, hub.id, decisions, receipts, () => policies.current.version, clock);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  /** Every message a stream holds on a subject, parsed, read without consuming it (the streams are work queues). */
  async function held(stream: string, subject: string): Promise<Array<{ msg: StoredMsg; event: MeshEvent }>> {
    const jsm = await nc.jetstreamManager();
    const { first_seq, last_seq } = (await jsm.streams.info(stream)).state;
    const out: Array<{ msg: StoredMsg; event: MeshEvent }> = [];
    for (let at = first_seq; at <= last_seq && last_seq > 0; at += 1) {
      const msg = await jsm.streams.getMessage(stream, { seq: at }).catch(() => undefined);
      if (msg?.subject === subject) out.push({ msg, event: parseMeshEvent(msg.data) });
    }
    return out;
  }
  const delivered = async (member: string): Promise<MeshEvent[]> =>
    (await held(Streams.deliver, Subjects.deliver(hub.id, member))).map((h) => h.event);

  const fromKe = (event: ReturnType<typeof signedAlert>, headers: Record<string, string> = {}, at = (seq += 1)) =>
    incoming(Subjects.ingest(hub.id, 'ke'), encodeAlertEvent(event), at, headers);

  it('decides for every member and the hub above, delivers, redacts for the sector tier, records and tells the origin', async () => {
    const event = signedAlert('ke', key('ke'), { indicators: [{ type: 'email', value: 'jane@bank.example' }] }, now);
    const records = await route.execute(event, fromKe(event), 'below', 'ke');
    const verdicts = Object.fromEntries(records.map((r: DecisionRecord) => [r.recipient, r.verdict]));
    expect(verdicts).toEqual({ ng: 'deliver', za: 'deliver', 'ke-fin': 'deliver', global: 'refuse' });
    expect(await decisions.forAlert(event.id)).toHaveLength(4);

    const [toNg] = await delivered('ng');
    expect(toNg).toMatchObject({ kind: 'alert', event: { id: event.id, sig: event.sig } });
    const [toFin] = await delivered('ke-fin');
    expect(toFin.kind === 'alert' && toFin.event.data.indicators?.[0].value).toBe('j***@bank.example');
    expect(toFin.kind === 'alert' && toFin.event.attestations).toBeTruthy();
    expect(records.find((r) => r.recipient === 'ke-fin')?.redactions).toEqual([{ field: 'indicators.0.value', action: 'email-local' }]);

    const [receipt] = await delivered('ke');
    expect(receipt).toMatchObject({ kind: 'receipt', event: { data: { alertId: event.id, hub: 'africa' } } });
  });

  it('delivers once when the same message comes again, and refuses the alert in another message', async () => {
    const event = signedAlert('ke', key('ke'), {}, now);
    const message = fromKe(event);
    await route.execute(event, message, 'below', 'ke');
    await route.execute(event, message, 'below', 'ke'); // a redelivery after a crash before the ack
    expect((await delivered('za')).filter((d) => d.event.id === event.id)).toHaveLength(1);
    await expect(route.execute(event, fromKe(event), 'below', 'ke')).rejects.toMatchObject({ code: 'REPLAY', permanent: true });
  });

  it('reads every decision back from the stream after a restart, with where the alert came from', async () => {
    const event = signedAlert('ke', key('ke'), {}, now);
    const message = fromKe(event);
    await route.execute(event, message, 'below', 'ke');
    const before = await decisions.forAlert(event.id);
    expect(before.map((d) => `${d.recipient}:${d.verdict}`).sort()).toEqual([
      'global:refuse',
      'ke-fin:deliver',
      'ng:deliver',
      'za:deliver',
    ]);

    const restarted = new DecisionLog(nc, hub.id);
    await restarted.init();
    expect(await restarted.forAlert(event.id)).toEqual(before);
    expect(restarted.sourceOf(event.id)).toBe(`below:${message.seq}`);
    expect(await restarted.forAlert('01a201ed-9ddc-746a-8036-7b6ac8851935')).toEqual([]);
  });

  it('refuses what may not be admitted, permanently and before publishing anything', async () => {
    const jsm = await nc.jetstreamManager();
    const before = (await jsm.streams.info(Streams.deliver)).state.messages;
    const event = signedAlert('ke', key('ke'), {}, now);
    await expect(route.execute(event, fromKe(event), 'below', 'ng')).rejects.toMatchObject({ code: 'ORIGIN_MISMATCH' });
    await expect(route.execute(event, fromKe(event, { [MeshHeaders.hopPath]: 'africa' }), 'below', 'ke')).rejects.toMatchObject({
      code: 'LOOP',
    });
    const forged = { ...event, data: { ...event.data, title: 'changed on the way' } };
    await expect(route.execute(forged, fromKe(forged), 'below', 'ke')).rejects.toMatchObject({ code: 'BAD_SIGNATURE', permanent: true });
    expect((await jsm.streams.info(Streams.deliver)).state.messages).toBe(before);
  });

  it('holds an embargoed alert back, then releases it when the embargo lifts', async () => {
    const notBefore = new Date(now.getTime() + 3_600_000).toISOString();
    const event = signedAlert('ke', key('ke'), { notBefore }, now);
    const records = await route.execute(event, fromKe(event), 'below', 'ke');
    expect(records.find((r) => r.recipient === 'ng')).toMatchObject({ verdict: 'defer', notBefore });
    const [deferred] = await held(Streams.deferred, Subjects.deferred(hub.id, 'ng'));
    const headers = Object.fromEntries([...(deferred.msg.header?.keys() ?? [])].map((k) => [k, deferred.msg.header.get(k)]));
    const message = incoming(deferred.msg.subject, deferred.msg.data, deferred.msg.seq, headers);
    await expect(release.execute(message)).rejects.toMatchObject({ code: 'RETRY_LATER' });
    now = new Date(Date.parse(notBefore) + 1_000);
    await release.execute(message);
    expect((await delivered('ng')).some((d) => d.event.id === event.id)).toBe(true);
    expect((await decisions.forAlert(event.id)).find((d) => d.recipient === 'ng' && d.verdict === 'deliver')?.reasons[0].code).toBe(
      'embargo-lifted',
    );
  });
});
