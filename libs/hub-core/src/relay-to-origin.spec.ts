import { toStoredEvent, type MeshEvent, type StoredEvent } from '@cirtmesh/contracts';
import { demoDirectory } from '@cirtmesh/testing';
import { v7 as uuidv7 } from 'uuid';
import { hubView } from './hub-view';
import type { ReceiptRouter } from './receipts';
import { RelayToOrigin } from './relay-to-origin';

const directory = demoDirectory();

/** A hub's relay, with the router that would publish towards the origin replaced by a list of what it was given. */
function relayAt(hub: string): { relay: RelayToOrigin; sent: string[] } {
  const sent: string[] = [];
  const router = { towardOrigin: (_event: unknown, msgId: string) => Promise.resolve(void sent.push(msgId)) } as unknown as ReceiptRouter;
  return { relay: new RelayToOrigin(hubView(directory, hub), directory, router), sent };
}

const notice = (origin: string, from: string): Extract<MeshEvent, { kind: 'stored' }> => {
  const event: StoredEvent = toStoredEvent(
    uuidv7(),
    { origin, from, alerts: [{ alertId: uuidv7(), at: new Date().toISOString() }] },
    new Date(),
  );
  return { kind: 'stored', event };
};

const refusal = (code: string) => expect.objectContaining({ code, permanent: true }) as unknown;

describe(`${RelayToOrigin.name} with stored notices`, () => {
  it("passes a recipient's notice towards the origin, once per notice, at each hub on the way", async () => {
    const asia = relayAt('asia-pacific');
    const jpForKe = notice('ke', 'jp');
    await asia.relay.execute(jpForKe, 'below', 'jp');
    expect(asia.sent).toEqual([`stored:${jpForKe.event.id}`]);
    const global = relayAt('global');
    await global.relay.execute(jpForKe, 'below', 'asia-pacific');
    const africa = relayAt('africa');
    await africa.relay.execute(jpForKe, 'above', 'global');
    expect([global.sent, africa.sent]).toEqual([[`stored:${jpForKe.event.id}`], [`stored:${jpForKe.event.id}`]]);
  });

  it('refuses a notice a member sends in the name of another, about its own alerts, or misrouted', async () => {
    const { relay, sent } = relayAt('africa');
    await expect(relay.execute(notice('jp', 'za'), 'below', 'ng')).rejects.toEqual(refusal('FEEDBACK_FORGED'));
    await expect(relay.execute(notice('ng', 'ng'), 'below', 'ng')).rejects.toEqual(refusal('OWN_ALERT'));
    await expect(relay.execute(notice('jp', 'ke'), 'above', 'global')).rejects.toEqual(refusal('FEEDBACK_MISROUTED'));
    await expect(relay.execute(notice('zz', 'ng'), 'below', 'ng')).rejects.toEqual(refusal('UNKNOWN_ORIGIN'));
    const global = relayAt('global');
    await expect(global.relay.execute(notice('ke', 'jp'), 'below', 'africa')).rejects.toEqual(refusal('FEEDBACK_FORGED'));
    expect([sent, global.sent]).toEqual([[], []]);
  });
});
