export * from './trust-policy';
export * from './policy.schema';
export * from './policy';
export * from './engine';
export * from './redact';
export * from './rate-limit';
export * from './node-policy';
