export * from './mesh-metrics';
export * from './prometheus-config';
