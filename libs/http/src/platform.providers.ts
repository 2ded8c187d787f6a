import type { Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { BearerGuard } from './bearer.guard';
import { ErrorsFilter } from './errors.filter';
import { createValidationPipe } from './validation';

/**
 * The guard, filter and pipe every app's HTTP API runs with, as APP_* providers so that test
 * modules behave like production.
 */
export function httpPlatformProviders(apiToken: string): Provider[] {
  return [
    { provide: APP_GUARD, inject: [Reflector], useFactory: (reflector: Reflector) => new BearerGuard(reflector, apiToken) },
    { provide: APP_FILTER, useClass: ErrorsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ];
}
