import { DEFERRED_CONSUMER, INGEST_CONSUMER, Streams, Subjects } from '@cirtmesh/contracts';
import { durablePullConsumer, ensureConsumer, ensureStream, workQueueStream } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import type { HubView } from './hub-view';

/** Creates a hub's work-queue streams (INGEST, DELIVER, DEFERRED), its consumers, and one delivery consumer per member. */
export async function ensureHubStreams(nc: NatsConnection, hub: HubView): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, workQueueStream(Streams.ingest, [Subjects.ingestAll(hub.id)]));
  await ensureStream(jsm, workQueueStream(Streams.deliver, [Subjects.deliverAll(hub.id)]));
  await ensureStream(jsm, workQueueStream(Streams.deferred, [Subjects.deferredAll(hub.id)]));
  await ensureConsumer(jsm, Streams.ingest, durablePullConsumer(INGEST_CONSUMER, Subjects.ingestAll(hub.id)));
  await ensureConsumer(jsm, Streams.deferred, durablePullConsumer(DEFERRED_CONSUMER, Subjects.deferredAll(hub.id)));
  for (const member of hub.members) {
    await ensureConsumer(jsm, Streams.deliver, durablePullConsumer(member, Subjects.deliver(hub.id, member)));
  }
}
