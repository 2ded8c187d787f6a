/** DI tokens of the hub app. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** This hub as the mesh file places it. */
export const HUB_VIEW = Symbol('HUB_VIEW');
