import { connect as tcpConnect } from 'node:net';

export class WaitTimeoutError extends Error {
  readonly code = 'WAIT_TIMEOUT';
  constructor(what: string, ms: number, last?: unknown) {
    super(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? ` (last: ${last.message})` : ''}`);
    this.name = 'WaitTimeoutError';
  }
}

/** Thrown from a check to stop waiting at once: what was awaited can no longer happen. */
export class WaitAbortError extends Error {
  readonly code = 'WAIT_ABORTED';
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
