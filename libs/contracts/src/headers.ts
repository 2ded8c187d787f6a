import { randomBytes } from 'node:crypto';

/**
 * NATS headers the mesh uses. Hop and loop information travels here, outside the signed
 * alert, so hubs can update it without touching the payload.
 */
export const MeshHeaders = {
  /** Comma-separated ids of the hubs the alert has crossed, in order. */
  hopPath: 'Cirtmesh-Hop-Path',
  /** How many hubs the alert may cross in all. */
  hopLimit: 'Cirtmesh-Hop-Limit',
  /** W3C trace context of the request that submitted the alert. */
  traceparent: 'traceparent',
  /** JetStream's dedupe id. */
  msgId: 'Nats-Msg-Id',
  /** In a node's own log only: the source object an imported alert was made from (see libs/interop). */
  importKey: 'Cirtmesh-Import-Key',
  /** In a node's own log only: a received alert's origin, so its stored notice needs no parse. */
  origin: 'Cirtmesh-Origin',
  /** What a message other than an alert event carries: a federation's `directory-section` or `key-rotation`. */
  content: 'Cirtmesh-Content',
} as const;

/** The value of MeshHeaders.content on a message that carries a signed directory section. */
export const DIRECTORY_SECTION_CONTENT = 'directory-section';

/** The value of MeshHeaders.content on a member's key rotation, sent up to its hub. */
export const KEY_ROTATION_CONTENT = 'key-rotation';

/** Headers of a delivery held back by an embargo (a hub's DEFERRED stream). */
export const DeferredHeaders = {
  notBefore: 'Cirtmesh-Not-Before',
  alertId: 'Cirtmesh-Alert-Id',
} as const;

export function parseHopPath(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

export function isTraceparent(value: string | undefined): value is string {
  return value !== undefined && TRACEPARENT.test(value) && !/^[\da-f]{2}-0{32}-/.test(value) && !value.includes('-0000000000000000-');
}

/** A new W3C trace context (version 00, sampled), for a submission that did not bring one. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
