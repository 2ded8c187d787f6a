export * from './canonical';
export * from './keys';
export * from './keyring';
export * from './provenance';
export * from './watched-file';
export * from './keyring-holder';
