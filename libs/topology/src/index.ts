import 'reflect-metadata';
export * from './mesh-spec';
export * from './directory';
export * from './plan';
export * from './nats-config';
export * from './process';
export * from './nats-server';
export * from './wait';
export * from './runner';
