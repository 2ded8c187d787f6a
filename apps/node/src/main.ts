import 'reflect-metadata';
import {
  deliverConsumer,
  laneConsumer,
  LANES,
  MAX_STORED_PER_NOTICE,
  STORED_CONSUMER,
  Streams,
  UPLINK_CONSUMER,
} from '@cirtmesh/contracts';
import { createPartyApp, recordRejections, startPartyApp } from '@cirtmesh/http';
import { JetStreamTransport, priorityOf, RejectedLog, useMessageTracing } from '@cirtmesh/messaging';
import { MAX_CONTENT_LENGTH } from '@cirtmesh/taxii';
import { MeshMetrics, natsTracing, startTracing } from '@cirtmesh/telemetry';
import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { BATCH_MAX_BYTES } from './batch';
import { loadNodeConfig } from './config';
import { serveConsole } from './console.static';
import { NodePatterns } from './mesh.handlers';
import { NodeModule } from './node.module';
import { NATS_CONNECTION } from './tokens';

/** The largest document one import takes (a STIX bundle, a list of MISP events or reports, a report message). */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

async function bootstrap(): Promise<void> {
  const config = loadNodeConfig();
  const tracing = await startTracing(config.tracing, { id: config.nodeId, kind: 'node' });
  if (tracing.enabled) useMessageTracing(natsTracing);
  const app = await createPartyApp(NodeModule.forRoot(config, tracing), config.http, [
    { path: '/api/v1/import', json: ['application/json', 'application/stix+json'], raw: ['message/rfc822'], limitBytes: IMPORT_MAX_BYTES },
    { path: '/api/v1/alerts/batch', json: ['application/json'], limitBytes: BATCH_MAX_BYTES },
    { path: '/taxii2', json: ['application/taxii+json'], limitBytes: MAX_CONTENT_LENGTH },
  ]);
  serveConsole(app, new Logger('node'));
  const transport = new JetStreamTransport({
    connection: app.get<NatsConnection>(NATS_CONNECTION),
    onTerminate: recordRejections(app.get(RejectedLog), app.get(MeshMetrics)),
    // Each lane has its own consumers and workers, on the way up and on the way in.
    bindings: [
      ...LANES.flatMap((lane) => [
        {
          pattern: NodePatterns.uplink,
          stream: Streams.alerts,
          consumer: laneConsumer(UPLINK_CONSUMER, lane),
          concurrency: 8,
          ...priorityOf(lane),
        },
        {
          pattern: NodePatterns.inbox,
          stream: Streams.deliver,
          consumer: deliverConsumer(config.nodeId, lane),
          domain: config.region,
          concurrency: 8,
          ...priorityOf(lane),
        },
      ]),
      // Stored notices: a whole pull at once, so a burst from one origin makes one notice.
      {
        pattern: NodePatterns.stored,
        stream: Streams.alerts,
        consumer: STORED_CONSUMER,
        traced: false,
        batch: MAX_STORED_PER_NOTICE,
        concurrency: MAX_STORED_PER_NOTICE,
      },
    ],
  });
  await startPartyApp(app, transport, config.http, `node ${config.nodeId}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
