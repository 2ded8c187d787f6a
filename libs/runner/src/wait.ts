import { DomainError } from '@cirtmesh/contracts';
import { connect as tcpConnect } from 'node:net';

export class WaitTimeoutError extends DomainError {
  constructor(what: string, ms: number, last?: unknown) {
    super('WAIT_TIMEOUT', `timed out after ${ms} ms waiting for ${what}${last instanceof Error ? ` (last: ${last.message})` : ''}`);
  }
}

/** Thrown from a check to stop waiting at once: what was awaited can no longer happen. */
export class WaitAbortError extends DomainError {
  constructor(message: string) {
    super('WAIT_ABORTED', message);
  }
}

/** Polls until `check` returns a value other than undefined/false, or the deadline passes. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof WaitAbortError) throw error;
      last = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs, last);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
