import { createHash } from 'node:crypto';

/**
 * A UUID in the form of a version 4 UUID, derived from `name`: the first 16 bytes of the SHA-256
 * of `cirtmesh:<name>`, with the version nibble set to 4 and the variant bits to 10 (RFC 9562
 * §4.1, §4.2). The same name always gives the same UUID, so an export made twice (or after a
 * restart) names its objects the same way, and formats that accept only version 4 (MISP events)
 * take it. It is not random, so it must not be used where a secret or unguessable id is needed.
 */
export function derivedUuid(name: string): string {
  const bytes = createHash('sha256').update(`cirtmesh:${name}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
