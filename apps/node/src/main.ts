import 'reflect-metadata';
import { LIMITS, Streams, UPLINK_CONSUMER } from '@cirtmesh/contracts';
import { jsonBodyOptions } from '@cirtmesh/http';
import { JetStreamTransport, RejectedLog } from '@cirtmesh/messaging';
import { Logger } from '@nestjs/common';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NatsConnection } from 'nats';
import { loadNodeConfig } from './config';
import { serveConsole } from './console.static';
import { NodePatterns } from './mesh.handlers';
import { NodeModule } from './node.module';
import { NATS_CONNECTION } from './tokens';

async function bootstrap(): Promise<void> {
  const config = loadNodeConfig();
  const logger = new Logger('node');
  const app = await NestFactory.create<NestExpressApplication>(NodeModule.forRoot(config), {
    bodyParser: false,
    httpsOptions: config.http.tls,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  app.useBodyParser('json', jsonBodyOptions(LIMITS.bodyBytes));
  app.disable('x-powered-by');
  // Over plain HTTP (a node on a private network), asking browsers to upgrade every request to
  // HTTPS would stop the console loading from any host but localhost.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.http.tls ? [] : null } } }));
  serveConsole(app, logger);
  app.enableShutdownHooks();
  const nc = app.get<NatsConnection>(NATS_CONNECTION);
  app.connectMicroservice({
    strategy: new JetStreamTransport({
      connection: nc,
      onTerminate: app.get(RejectedLog).record,
      bindings: [
        { pattern: NodePatterns.uplink, stream: Streams.alerts, consumer: UPLINK_CONSUMER, concurrency: 8 },
        { pattern: NodePatterns.inbox, stream: Streams.deliver, consumer: config.nodeId, domain: config.region, concurrency: 8 },
      ],
    }),
  });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  logger.log(`node ${config.nodeId} listening on ${config.http.tls ? 'https' : 'http'}://${config.http.host}:${config.http.port}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
