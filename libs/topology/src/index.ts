import 'reflect-metadata';
export * from './plan';
export * from './nats-config';
export * from './nats-server';
export * from './generate';
export * from './keys';
export * from './tls';
export * from './nats-auth';
export * from './plan-store';
