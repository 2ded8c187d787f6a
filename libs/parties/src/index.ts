export * from './party-dir';
export * from './init';
export * from './certify';
export * from './admit';
