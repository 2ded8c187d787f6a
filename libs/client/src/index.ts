export * from './types';
export * from './errors';
export * from './http';
export * from './client';
export * from './alert-stream';
export * from './interop';
