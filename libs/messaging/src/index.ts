export * from './errors';
export * from './connection';
export * from './streams';
export * from './incoming';
export * from './jetstream.transport';
export * from './publish';
export * from './message-errors.filter';
export * from './rejected-log';
