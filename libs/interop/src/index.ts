export * from './draft';
export * from './misp/misp-events';
export * from './misp/misp-import';
