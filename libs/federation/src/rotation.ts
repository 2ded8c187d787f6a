import type { SigningKey } from '@cirtmesh/crypto';
import Ajv from 'ajv';
import isISO8601 from 'validator/lib/isISO8601';
import { FederationError } from './check';
import type { DirectoryMember, PublicSigningKey, Signature } from './documents';
import { PUBLIC_KEY_SCHEMA } from './schemas';
import { signDocument, verifyDocument } from './signed';

export const KEY_ROTATION = 'cirtmesh/key-rotation';

/**
 * A member's new signing key, announced to its hub and signed with the key it replaces: only the
 * holder of the old key can name the new one. The hub re-signs its section with the new key and
 * the old one valid until `overlapUntil`, so alerts signed just before still verify.
 */
export interface KeyRotation {
  type: typeof KEY_ROTATION;
  party: string;
  key: PublicSigningKey;
  replaces: string;
  overlapUntil: string;
  createdAt: string;
  sig: Signature;
}

const ajv = new Ajv({ allErrors: true, strict: true }).addFormat('iso8601', {
  type: 'string',
  validate: (s: string) => isISO8601(s, { strict: true }),
});
const validate = ajv.compile<KeyRotation>({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'party', 'key', 'replaces', 'overlapUntil', 'createdAt', 'sig'],
  properties: {
    type: { const: KEY_ROTATION },
    party: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
    key: PUBLIC_KEY_SCHEMA,
    replaces: { type: 'string', minLength: 1, maxLength: 64 },
    overlapUntil: { type: 'string', format: 'iso8601' },
    createdAt: { type: 'string', format: 'iso8601' },
    sig: {
      type: 'object',
      additionalProperties: false,
      required: ['kid', 'value'],
      properties: { kid: { type: 'string', minLength: 1, maxLength: 64 }, value: { type: 'string', pattern: '^[A-Za-z0-9_-]{86}$' } },
    },
  },
});

/** The rotation to `next`, signed with the key it replaces. */
export function makeKeyRotation(party: string, current: SigningKey, next: SigningKey, overlapMs: number, now = new Date()): KeyRotation {
  return signDocument<KeyRotation>(
    {
      type: KEY_ROTATION,
      party,
      key: { id: next.id, publicKey: next.publicKey },
      replaces: current.id,
      overlapUntil: new Date(now.getTime() + overlapMs).toISOString(),
      createdAt: now.toISOString(),
    },
    current,
  );
}

/**
 * The member's entry with the rotation applied, after checking it: the member signed it with a key
 * of its that is in force, the new key is new, and the overlap is no longer than `maxOverlapMs`.
 */
export function applyKeyRotation(member: DirectoryMember, document: unknown, now: Date, maxOverlapMs = 30 * 86_400_000): DirectoryMember {
  if (!validate(document)) throw new FederationError('MALFORMED', 'not a valid key rotation');
  const rotation = document;
  if (rotation.party !== member.id) throw new FederationError('FORGED', `a key rotation for ${rotation.party} came from ${member.id}`);
  const old = member.keys.find((k) => k.id === rotation.replaces);
  const inForce = old && !old.revoked && (!old.validUntil || Date.parse(old.validUntil) > now.getTime());
  if (!old || !inForce || rotation.sig.kid !== old.id || !verifyDocument(rotation, old.publicKey)) {
    throw new FederationError('BAD_SIGNATURE', `the key rotation of ${member.id} is not signed by its key ${rotation.replaces} in force`);
  }
  if (member.keys.some((k) => k.id === rotation.key.id || k.publicKey === rotation.key.publicKey)) {
    throw new FederationError('KEY_REUSED', `${member.id} already has a key ${rotation.key.id} or this public key`);
  }
  const overlapUntil = new Date(Math.min(Date.parse(rotation.overlapUntil), now.getTime() + maxOverlapMs)).toISOString();
  const validFrom = new Date(Date.parse(rotation.createdAt) - 60_000).toISOString();
  return {
    ...member,
    keys: [...member.keys.map((k) => (k.id === old.id ? { ...k, validUntil: overlapUntil } : k)), { ...rotation.key, validFrom }],
  };
}
