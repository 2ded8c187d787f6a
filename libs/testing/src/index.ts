export * from './ports';
export * from './sse';
export * from './test-mesh';
export * from './test-env';
export * from './nats-server';
export * from './processes';
export * from './browser';
export * from './spawn';
