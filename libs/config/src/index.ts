import 'reflect-metadata';
export * from './validate-env';
