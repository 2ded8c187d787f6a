/** DI tokens of the hub app. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
