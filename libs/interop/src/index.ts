export * from './draft';
export * from './misp/misp-json';
export * from './misp/misp-events';
export * from './misp/misp-import';
export * from './misp/misp-export';
export * from './misp/misp-feed';
