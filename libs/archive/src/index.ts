export * from './alert-archive';
export * from './filter';
export * from './memory-archive';
export type { MongoAlertArchive, MongoArchiveOptions } from './mongo/mongo-archive';
export * from './mongo/open';
export * from './retention';
export * from './search-keys';
