export * from './trust-policy';
export * from './baseline-policy';
