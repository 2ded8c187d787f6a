import 'reflect-metadata';
export * from './validate-env';
export * from './party-env';
export * from './package-root';
export * from './directory-source';
export * from './otel-env';
