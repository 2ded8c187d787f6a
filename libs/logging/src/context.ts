import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line of one unit of work carries: the message's alert, its origin, its trace. */
export type LogFields = Record<string, string | number | undefined>;

const store = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with its own log context: every line logged inside it, however deep, carries
 * these fields (and those added later with addLogContext).
 */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return store.run({ ...fields }, work);
}

/** Adds fields to the current unit of work's log context, e.g. once a message is parsed; a no-op outside one. */
export function addLogContext(fields: LogFields): void {
  const current = store.getStore();
  if (current) Object.assign(current, fields);
}

/** The current unit of work's fields, for the logger's mixin. */
export function currentLogContext(): LogFields {
  return store.getStore() ?? {};
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** `traceId` and `spanId` from a W3C traceparent, as every log line of the message path names them. */
export function traceFields(traceparent: string | undefined): { traceId?: string; spanId?: string } {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  return match ? { traceId: match[1], spanId: match[2] } : {};
}
