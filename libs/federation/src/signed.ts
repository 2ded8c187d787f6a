import { canonicalJson, publicKeyFromRaw, signBytes, verifyBytes, type SigningKey } from '@cirtmesh/crypto';
import type { Signature } from './documents';

/** The document signed with `key`: its `sig` covers the canonical JSON of everything else. */
export function signDocument<T extends { sig: Signature }>(body: Omit<T, 'sig'>, key: SigningKey): T {
  const value = signBytes(key, canonicalJson(body));
  return { ...body, sig: { kid: key.id, value } } as T;
}

/** Whether `publicKey` (raw Ed25519, base64url) made the document's `sig`. */
export function verifyDocument(document: { sig: Signature }, publicKey: string): boolean {
  const { sig, ...body } = document;
  try {
    return verifyBytes(publicKeyFromRaw(publicKey), canonicalJson(body), sig.value);
  } catch {
    return false;
  }
}
