import 'reflect-metadata';
import { DEFERRED_CONSUMER, INGEST_CONSUMER, LIMITS, Streams } from '@cirtmesh/contracts';
import { jsonBodyOptions } from '@cirtmesh/http';
import { JetStreamTransport, RejectedLog, type ConsumerBinding } from '@cirtmesh/messaging';
import { Logger } from '@nestjs/common';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NatsConnection } from 'nats';
import { loadHubConfig } from './config';
import { HubModule } from './hub.module';
import { HubPatterns } from './mesh.handlers';
import { NATS_CONNECTION } from './tokens';

async function bootstrap(): Promise<void> {
  const config = loadHubConfig();
  const app = await NestFactory.create<NestExpressApplication>(HubModule.forRoot(config), {
    bodyParser: false,
    httpsOptions: config.http.tls,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  app.useBodyParser('json', jsonBodyOptions(LIMITS.bodyBytes));
  app.disable('x-powered-by');
  app.use(helmet());
  app.enableShutdownHooks();
  const bindings: ConsumerBinding[] = [{ pattern: HubPatterns.ingest, stream: Streams.ingest, consumer: INGEST_CONSUMER, concurrency: 8 }];
  bindings.push({ pattern: HubPatterns.release, stream: Streams.deferred, consumer: DEFERRED_CONSUMER, concurrency: 8 });
  if (config.parent) {
    bindings.push({
      pattern: HubPatterns.downlink,
      stream: Streams.deliver,
      consumer: config.hubId,
      domain: config.parent,
      concurrency: 8,
    });
  }
  app.connectMicroservice({
    strategy: new JetStreamTransport({
      connection: app.get<NatsConnection>(NATS_CONNECTION),
      bindings,
      onTerminate: app.get(RejectedLog).record,
    }),
  });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  new Logger('hub').log(
    `${config.role} hub ${config.hubId} listening on ${config.http.tls ? 'https' : 'http'}://${config.http.host}:${config.http.port}`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
