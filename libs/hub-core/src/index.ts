export * from './decision-log';
export * from './deferred';
export * from './policy-holder';
export * from './route-alert';
export * from './release-deferred';
export * from './receipts';
export * from './explain';
export * from './policy-lint';
