import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Ed25519 public keys travel as the 32 raw bytes, base64url. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('base64url');
}

export interface SigningKey {
  /** Key id, as the keyring names it. */
  id: string;
  privateKey: KeyObject;
  publicKey: string;
}

export function generateSigningKey(id: string): { key: SigningKey; privatePem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    key: { id, privateKey, publicKey: rawPublicKey(publicKey) },
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export function signingKeyFromPem(id: string, pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the signing key must be Ed25519');
  return { id, privateKey, publicKey: rawPublicKey(createPublicKey(privateKey)) };
}

export function signBytes(key: SigningKey, data: Buffer): string {
  return sign(null, data, key.privateKey).toString('base64url');
}

export function verifyBytes(publicKey: KeyObject, data: Buffer, signature: string): boolean {
  try {
    return verify(null, data, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
