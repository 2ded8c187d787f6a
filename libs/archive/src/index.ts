export * from './alert-archive';
export * from './filter';
export * from './memory-archive';
