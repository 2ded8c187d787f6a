import { DEFERRED_CONSUMER, INGEST_CONSUMER, laneConsumer, LANES, Streams, Subjects } from '@cirtmesh/contracts';
import { durablePullConsumer, ensureConsumer, ensureStream, workQueueStream } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import type { HubView } from './hub-view';

/**
 * Creates a hub's work-queue streams (INGEST, DELIVER, DEFERRED) and their consumers: one INGEST
 * consumer and one delivery consumer per member in each lane, whose subjects never overlap.
 */
export async function ensureHubStreams(nc: NatsConnection, hub: HubView): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await ensureStream(
    jsm,
    workQueueStream(
      Streams.ingest,
      LANES.map((lane) => Subjects.ingestAll(hub.id, lane)),
    ),
  );
  await ensureStream(
    jsm,
    workQueueStream(
      Streams.deliver,
      LANES.map((lane) => Subjects.deliverAll(hub.id, lane)),
    ),
  );
  await ensureStream(jsm, workQueueStream(Streams.deferred, [Subjects.deferredAll(hub.id)]));
  await ensureConsumer(jsm, Streams.deferred, durablePullConsumer(DEFERRED_CONSUMER, Subjects.deferredAll(hub.id)));
  for (const lane of LANES) {
    await ensureConsumer(jsm, Streams.ingest, durablePullConsumer(laneConsumer(INGEST_CONSUMER, lane), Subjects.ingestAll(hub.id, lane)));
    for (const member of hub.members) {
      await ensureConsumer(jsm, Streams.deliver, durablePullConsumer(laneConsumer(member, lane), Subjects.deliver(hub.id, member, lane)));
    }
  }
}
