import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';

/** RFC 8785 JSON Canonicalization Scheme: the bytes that get signed. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
