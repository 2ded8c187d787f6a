/** DI tokens of the node app. */
export const NODE_CONFIG = Symbol('NODE_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
