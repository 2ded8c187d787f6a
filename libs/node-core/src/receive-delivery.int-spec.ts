import { MemoryAlertArchive } from '@cirtmesh/archive';
import {
  encodeAlertEvent,
  encodeEvent,
  MeshHeaders,
  Streams,
  Subjects,
  toFeedbackEvent,
  toReceiptEvent,
  type StoredAlert,
} from '@cirtmesh/contracts';
import { incoming, signedAlert, testKeys, TestNatsServer } from '@cirtmesh/testing';
import type { NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { AlertLog } from './alert-log';
import { LiveFeed } from './live-feed';
import { ReceiveDelivery } from './receive-delivery';

const { key, keyring } = testKeys(['ke', 'ng']);
const DAY = 86_400_000;

/** Node ng's log of record and what its hub delivers to it, on one real nats-server. */
describe(`${ReceiveDelivery.name} and ${AlertLog.name}`, () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let archive: MemoryAlertArchive;
  let log: AlertLog;
  let receive: ReceiveDelivery;
  const live: StoredAlert[] = [];
  let seq = 0;

  async function openNode(): Promise<void> {
    archive = new MemoryAlertArchive();
    const feed = new LiveFeed();
    feed.records.subscribe((record) => live.push(record));
    log = new AlertLog(nc, 'ng', archive, feed, key('ng'), () => keyring);
    receive = new ReceiveDelivery(log, 'ng', () => keyring, 7 * DAY);
    await log.init();
  }

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nc = await server.connect();
    await openNode();
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  const delivery = (data: Uint8Array, headers: Record<string, string> = {}) =>
    incoming(Subjects.deliver('africa', 'ng'), data, (seq += 1), headers);

  it('stores a delivered alert once, with its path and provenance, and shows it live once', async () => {
    const event = signedAlert('ke', key('ke'));
    const message = delivery(encodeAlertEvent(event), { [MeshHeaders.hopPath]: 'africa' });
    await receive.execute(message);
    await receive.execute(message);
    await receive.execute(delivery(encodeAlertEvent(event)));
    const stored = await archive.get(event.id);
    expect(stored).toMatchObject({ direction: 'received', via: ['africa'], provenance: { origin: { node: 'ke', kid: 'ke-1' } } });
    expect(live.filter((r) => r.alert.id === event.id)).toHaveLength(1);
    const info = await (await nc.jetstreamManager()).streams.info(Streams.alerts, { subjects_filter: Subjects.nodeReceived('ng') });
    expect(info.state.messages).toBe(1);
  });

  it('refuses, permanently, what can never be stored', async () => {
    const permanent = (code: string): unknown => expect.objectContaining({ code, permanent: true });
    await expect(receive.execute(delivery(Buffer.from('{not json')))).rejects.toEqual(permanent('INVALID_ALERT_EVENT'));
    const own = signedAlert('ng', key('ng'));
    await expect(receive.execute(delivery(encodeAlertEvent(own)))).rejects.toEqual(permanent('OWN_ALERT'));
    const signed = signedAlert('ke', key('ke'));
    const forged = { ...signed, data: { ...signed.data, title: 'changed on the way' } };
    await expect(receive.execute(delivery(encodeAlertEvent(forged)))).rejects.toEqual(permanent('BAD_SIGNATURE'));
    const stale = signedAlert('ke', key('ke'), {}, new Date(Date.now() - 8 * DAY));
    await expect(receive.execute(delivery(encodeAlertEvent(stale)))).rejects.toEqual(permanent('STALE'));
    const receipt = toReceiptEvent(uuidv7(), { alertId: stale.id, origin: 'ke', hub: 'africa', outcomes: [] }, new Date());
    await expect(receive.execute(delivery(encodeEvent(receipt)))).rejects.toEqual(permanent('NOT_OUR_RECEIPT'));
  });

  it('signs what it sends, folds receipts and feedback into it, and rebuilds it all after a restart', async () => {
    const sent = await log.appendSent(signedAlert('ng', key('ng')).data, undefined);
    const outcome = {
      recipient: 'za',
      outcome: 'delivered' as const,
      hub: 'africa',
      reasons: [],
      decidedAt: new Date().toISOString(),
      policy: 'v1',
    };
    const receipt = toReceiptEvent(uuidv7(), { alertId: sent.alert.id, origin: 'ng', hub: 'africa', outcomes: [outcome] }, new Date());
    await receive.execute(delivery(encodeEvent(receipt)));
    const ack = toFeedbackEvent(
      uuidv7(),
      { alertId: sent.alert.id, origin: 'ng', from: 'za', kind: 'ack', at: new Date().toISOString() },
      new Date(),
    );
    await receive.execute(delivery(encodeEvent(ack)));
    const expected = { deliveries: [{ recipient: 'za', outcome: 'delivered' }], acks: [{ node: 'za' }] };
    expect(await archive.get(sent.alert.id)).toMatchObject(expected);

    const held = await archive.count();
    await openNode(); // a new archive, rebuilt from the stream alone
    expect(await archive.count()).toBe(held);
    expect(await archive.get(sent.alert.id)).toMatchObject({ direction: 'sent', ...expected });
  });
});
