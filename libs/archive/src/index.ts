export * from './alert-archive';
export * from './filter';
export * from './memory-archive';
export * from './mongo/mongo-archive';
export * from './retention';
export * from './search-keys';
