export * from './ports';
export * from './sse';
export * from './test-mesh';
export * from './test-env';
export * from './nats-server';
