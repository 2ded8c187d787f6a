export * from './process';
export * from './wait';
export * from './runner';
export * from './party-runner';
export * from './federation-demo';
