import type { Log } from '@cirtmesh/logging';
import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

/** A request's log level: a failure of ours is an error, a refusal is worth reading, the rest is per-request detail. */
function levelOf(_req: IncomingMessage, res: ServerResponse, error?: Error): 'error' | 'info' | 'debug' {
  if (error || res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'info' : 'debug';
}

/**
 * Nest and its HTTP requests log through the party's one structured logger. A request line holds
 * its method, path, status and time, never its headers: they carry bearer tokens.
 */
export function loggingModule(log: Log): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger: log,
      customLogLevel: levelOf,
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
