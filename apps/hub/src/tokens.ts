/** DI tokens of the hub app. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** This hub as the mesh file places it. */
export const HUB_VIEW = Symbol('HUB_VIEW');
/** The watch on a regional hub's link to the hub above; null at the global hub. */
export const HUB_LINK = Symbol('HUB_LINK');
