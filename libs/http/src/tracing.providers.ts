import type { Tracing } from '@cirtmesh/telemetry';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';

const TRACING = Symbol('TRACING');

/** Sends the spans still batched when the app stops. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/** The app's tracing, flushed and stopped with it. */
export function tracingProviders(tracing: Tracing): Provider[] {
  return [{ provide: TRACING, useValue: tracing }, TracingShutdown];
}
