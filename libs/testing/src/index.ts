export * from './ports';
export * from './sse';
export * from './test-mesh';
export * from './lone-hub';
export * from './test-env';
export * from './nats-server';
export * from './processes';
export * from './browser';
export * from './spawn';
// What the tests use of the process runner; tests reach it only through here.
export { ManagedProcess, portOpen, waitUntil, WaitAbortError, WaitTimeoutError } from '@cirtmesh/runner';
export * from './fixtures';
export * from './prometheus';
export * from './otlp-receiver';
