import { LIMITS } from '@cirtmesh/contracts';
import { tracingEnabled } from '@cirtmesh/telemetry';
import { Logger, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, raw } from 'express';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { httpServerSpans } from './http-spans';
import { jsonBodyOptions } from './json-body';

export interface PartyHttp {
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
}

/** A route prefix whose bodies are larger or of other types than the API's JSON: imports, TAXII. */
export interface BodyRoute {
  path: string;
  /** Media types parsed as JSON (with the same nesting and key checks), or kept raw as a Buffer. */
  json?: string[];
  raw?: string[];
  limitBytes: number;
}

/**
 * A node's or hub's Nest application: its structured logger, a JSON body parser with our size and
 * nesting limits, security headers, and shutdown on SIGTERM. Over plain HTTP (a party on a private
 * network), browsers are not asked to upgrade requests to HTTPS: the console would then load from
 * localhost only.
 */
export async function createPartyApp(module: DynamicModule, http: PartyHttp, bodies: BodyRoute[] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, httpsOptions: http.tls, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  if (tracingEnabled()) app.use(httpServerSpans);
  // Route-specific parsers first: a body they parse is not parsed again by the API's.
  for (const route of bodies) {
    if (route.json) app.use(route.path, json({ ...jsonBodyOptions(route.limitBytes), type: route.json }));
    if (route.raw) app.use(route.path, raw({ type: route.raw, limit: route.limitBytes }));
  }
  app.useBodyParser('json', jsonBodyOptions(LIMITS.bodyBytes));
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: http.tls ? [] : null } } }));
  app.enableShutdownHooks();
  return app;
}

/** Starts the party's message consumers, then its HTTP API, and says where it listens. */
export async function startPartyApp(
  app: NestExpressApplication,
  strategy: CustomTransportStrategy,
  http: PartyHttp,
  what: string,
): Promise<void> {
  app.connectMicroservice({ strategy });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(http.port, http.host);
  new Logger('main').log(`${what} listening on ${http.tls ? 'https' : 'http'}://${http.host}:${http.port}`);
}
