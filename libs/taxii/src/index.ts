export * from './errors';
export * from './timestamps';
export * from './query';
export * from './timeline';
export * from './collection';
export * from './resources';
export * from './negotiation';
export * from './collection-ids';
