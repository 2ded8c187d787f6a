import 'reflect-metadata';
export * from './subjects';
export * from './vocabulary';
export * from './indicator';
export * from './alert.dto';
export * from './alert';
export * from './mappers';
export * from './headers';
export * from './decision';
