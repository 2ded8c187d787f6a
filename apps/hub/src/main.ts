import 'reflect-metadata';
import { DEFERRED_CONSUMER, INGEST_CONSUMER, laneConsumer, LANES, Streams } from '@cirtmesh/contracts';
import { createPartyApp, recordRejections, startPartyApp } from '@cirtmesh/http';
import { JetStreamTransport, priorityOf, RejectedLog, useMessageTracing, type ConsumerBinding } from '@cirtmesh/messaging';
import { MeshMetrics, natsTracing, startTracing } from '@cirtmesh/telemetry';
import type { NatsConnection } from 'nats';
import { loadHubConfig } from './config';
import { HubModule } from './hub.module';
import { HubPatterns } from './mesh.handlers';
import { NATS_CONNECTION } from './tokens';

async function bootstrap(): Promise<void> {
  const config = loadHubConfig();
  const tracing = await startTracing(config.tracing, { id: config.hubId, kind: 'hub' });
  if (tracing.enabled) useMessageTracing(natsTracing);
  const app = await createPartyApp(HubModule.forRoot(config, tracing), config.http);
  // Each lane has its own consumers and workers: a bulk backlog never delays a critical alert.
  const bindings: ConsumerBinding[] = LANES.map((lane) => ({
    pattern: HubPatterns.ingest,
    stream: Streams.ingest,
    consumer: laneConsumer(INGEST_CONSUMER, lane),
    concurrency: 8,
    ...priorityOf(lane),
  }));
  bindings.push({ pattern: HubPatterns.release, stream: Streams.deferred, consumer: DEFERRED_CONSUMER, concurrency: 8 });
  if (config.parent) {
    for (const lane of LANES) {
      bindings.push({
        pattern: HubPatterns.downlink,
        stream: Streams.deliver,
        consumer: laneConsumer(config.hubId, lane),
        domain: config.parent,
        concurrency: 8,
        ...priorityOf(lane),
      });
    }
  }
  const transport = new JetStreamTransport({
    connection: app.get<NatsConnection>(NATS_CONNECTION),
    bindings,
    onTerminate: recordRejections(app.get(RejectedLog), app.get(MeshMetrics)),
  });
  await startPartyApp(app, transport, config.http, `${config.role} hub ${config.hubId}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
