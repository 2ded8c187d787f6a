export * from './live-feed';
export * from './alert-log';
export * from './submit-alert';
export * from './forward-uplink';
export * from './receive-delivery';
export * from './send-feedback';
export * from './node-status';
