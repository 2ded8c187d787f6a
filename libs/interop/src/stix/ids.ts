import { v5 as uuidv5 } from 'uuid';
import type { StixId } from './types';

/**
 * The namespace of every STIX id cirtmesh makes: a UUIDv4 drawn once and never changed, so the
 * same alert gets the same ids on every export, on every node, after every restart. It is not
 * the OASIS namespace for cyber-observables, which STIX 2.1 §2.9 reserves.
 */
export const CIRTMESH_STIX_NAMESPACE = '37275756-bc9e-4060-a049-f75412e17536';

/** `<type>--<UUIDv5 of name>` under the cirtmesh namespace, e.g. `stixId('report', alertId)`. */
export function stixId<T extends string>(type: T, name: string): StixId<T> {
  return `${type}--${uuidv5(name, CIRTMESH_STIX_NAMESPACE)}`;
}

/** RFC 4122 UUIDs of versions 1 to 5, as STIX identifiers admit them (not v7). */
const UUID_V1_TO_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const OBJECT_TYPE = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** True for `<type>--<uuid>` with a lowercase type and a UUID of version 1 to 5; of `type` if given. */
export function isStixId(value: unknown, type?: string): value is StixId {
  if (typeof value !== 'string') return false;
  const split = value.indexOf('--');
  if (split < 0) return false;
  const prefix = value.slice(0, split);
  if (type !== undefined && prefix !== type) return false;
  return OBJECT_TYPE.test(prefix) && UUID_V1_TO_V5.test(value.slice(split + 2));
}
