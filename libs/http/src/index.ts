export * from './bearer.guard';
export * from './errors.filter';
export * from './validation';
export * from './platform.providers';
export * from './json-body';
export * from './rejected.controller';
export * from './tokens';
export * from './keyring.provider';
