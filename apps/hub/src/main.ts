import 'reflect-metadata';
import { DEFERRED_CONSUMER, INGEST_CONSUMER, Streams } from '@cirtmesh/contracts';
import { createPartyApp, startPartyApp } from '@cirtmesh/http';
import { JetStreamTransport, RejectedLog, type ConsumerBinding } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import { loadHubConfig } from './config';
import { HubModule } from './hub.module';
import { HubPatterns } from './mesh.handlers';
import { NATS_CONNECTION } from './tokens';

async function bootstrap(): Promise<void> {
  const config = loadHubConfig();
  const app = await createPartyApp(HubModule.forRoot(config), config.http);
  const bindings: ConsumerBinding[] = [
    { pattern: HubPatterns.ingest, stream: Streams.ingest, consumer: INGEST_CONSUMER, concurrency: 8 },
    { pattern: HubPatterns.release, stream: Streams.deferred, consumer: DEFERRED_CONSUMER, concurrency: 8 },
  ];
  if (config.parent) {
    bindings.push({
      pattern: HubPatterns.downlink,
      stream: Streams.deliver,
      consumer: config.hubId,
      domain: config.parent,
      concurrency: 8,
    });
  }
  const transport = new JetStreamTransport({
    connection: app.get<NatsConnection>(NATS_CONNECTION),
    bindings,
    onTerminate: app.get(RejectedLog).record,
  });
  await startPartyApp(app, transport, config.http, `${config.role} hub ${config.hubId}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
