import type { SigningKey } from '@cirtmesh/crypto';
import { checkKeyRotation, FederationError } from './check';
import { KEY_ROTATION, type DirectoryMember, type KeyRotation } from './documents';
import { signDocument, verifyDocument } from './signed';

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
  const rotation = checkKeyRotation(document);
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
