import 'reflect-metadata';
export * from './mesh-spec';
export * from './directory';
