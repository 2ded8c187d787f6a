export * from './decision-log';
export * from './route-alert';
