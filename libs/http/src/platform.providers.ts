import type { Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { BearerGuard, type AuthenticatedRequest } from './bearer.guard';
import { ErrorsFilter } from './errors.filter';
import { TokenRegistry, type TokenEntry } from './tokens';
import { createValidationPipe } from './validation';

/** Limits requests per token (per address for unauthenticated ones, such as health). */
class PerTokenThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as AuthenticatedRequest & Request;
    return Promise.resolve(request.principal ? `token:${request.principal.name}` : `ip:${request.ip ?? 'unknown'}`);
  }
}

export interface HttpPlatformOptions {
  tokens: TokenEntry[];
  requestsPerMinute: number;
}

/** The throttler module every app's HTTP API imports. */
export function throttlerModule(requestsPerMinute: number) {
  return ThrottlerModule.forRoot([{ name: 'per-token', ttl: 60_000, limit: requestsPerMinute }]);
}

/**
 * The guards, filter and pipe every app's HTTP API runs with, as APP_* providers so that test
 * modules behave like production. Authentication runs first, so the rate limit counts per token.
 */
export function httpPlatformProviders(options: HttpPlatformOptions): Provider[] {
  const registry = new TokenRegistry(options.tokens);
  return [
    { provide: TokenRegistry, useValue: registry },
    { provide: APP_GUARD, inject: [Reflector], useFactory: (reflector: Reflector) => new BearerGuard(reflector, registry) },
    { provide: APP_GUARD, useClass: PerTokenThrottlerGuard },
    { provide: APP_FILTER, useClass: ErrorsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ];
}
