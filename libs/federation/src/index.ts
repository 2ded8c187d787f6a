export * from './documents';
export * from './signed';
export * from './check';
export * from './join';
export * from './certify';
export * from './directory';
export * from './mesh-view';
export * from './held-directory';
