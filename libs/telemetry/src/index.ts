export * from './mesh-metrics';
export * from './prometheus-config';
export * from './tracing';
export * from './nats-tracing';
