import { generateSigningKey, Keyring, signingKeyFromPem } from '@cirtmesh/crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

/**
 * Signing keys of a mesh on one machine: `keys/<party>/<kid>.pem` (private, 0600), the id in use
 * in `keys/<party>/current`, and every public key in `keys/keyring.yaml`, which every party reads.
 */
interface KeyEntry {
  owner: string;
  id: string;
  publicKey: string;
  validFrom?: string;
  validUntil?: string;
  revoked?: boolean;
}

export const keyringPath = (dir: string): string => join(dir, 'keys', 'keyring.yaml');
const partyDir = (dir: string, party: string): string => join(dir, 'keys', party);

export function currentKey(dir: string, party: string): { id: string; file: string } {
  const id = readFileSync(join(partyDir(dir, party), 'current'), 'utf8').trim();
  return { id, file: join(partyDir(dir, party), `${id}.pem`) };
}

function readKeyring(dir: string): KeyEntry[] {
  const path = keyringPath(dir);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  Keyring.parse(text, path); // refuse to build on a broken keyring
  return ((parseYaml(text) as { keys?: KeyEntry[] } | null)?.keys ?? []).map((k) => ({ ...k }));
}

function writeKeyring(dir: string, keys: KeyEntry[]): void {
  const header = '# Public signing keys of every party. Parties reload this file when it changes.\n';
  writeFileSync(keyringPath(dir), header + toYaml({ keys }), { mode: 0o644 });
}

function newKey(dir: string, party: string, id: string): KeyEntry {
  const { key, privatePem } = generateSigningKey(id);
  mkdirSync(partyDir(dir, party), { recursive: true, mode: 0o700 });
  writeFileSync(join(partyDir(dir, party), `${id}.pem`), privatePem, { mode: 0o600 });
  writeFileSync(join(partyDir(dir, party), 'current'), `${id}\n`);
  return { owner: party, id, publicKey: key.publicKey };
}

/** Gives every party a key, and the keyring every public key, keeping what exists. */
export function ensureMeshKeys(dir: string, parties: string[]): void {
  mkdirSync(join(dir, 'keys'), { recursive: true });
  const keys = readKeyring(dir);
  let changed = false;
  for (const party of parties) {
    if (!existsSync(join(partyDir(dir, party), 'current'))) {
      keys.push(newKey(dir, party, `${party}-1`));
      changed = true;
      continue;
    }
    const { id, file } = currentKey(dir, party);
    if (!keys.some((k) => k.owner === party && k.id === id)) {
      keys.push({ owner: party, id, publicKey: signingKeyFromPem(id, readFileSync(file, 'utf8')).publicKey });
      changed = true;
    }
  }
  if (changed || !existsSync(keyringPath(dir))) writeKeyring(dir, keys);
}

/**
 * Rotates a party's key: a new key signs from now on, and the old one stays valid for `overlapMs`
 * so that alerts signed just before still verify. The party's app must be restarted to use it.
 */
export function rotateKey(dir: string, party: string, overlapMs: number, now = new Date()): { oldId: string; newId: string } {
  const keys = readKeyring(dir);
  const { id: oldId } = currentKey(dir, party);
  const n = Math.max(0, ...keys.filter((k) => k.owner === party).map((k) => Number(/-(\d+)$/.exec(k.id)?.[1] ?? 0))) + 1;
  const entry = newKey(dir, party, `${party}-${n}`);
  for (const k of keys) if (k.owner === party && k.id === oldId) k.validUntil = new Date(now.getTime() + overlapMs).toISOString();
  keys.push({ ...entry, validFrom: new Date(now.getTime() - 60_000).toISOString() });
  writeKeyring(dir, keys);
  return { oldId, newId: entry.id };
}

/** Revokes a key: alerts signed with it are refused from the moment parties reload the keyring. */
export function revokeKey(dir: string, party: string, id: string): void {
  const keys = readKeyring(dir);
  const key = keys.find((k) => k.owner === party && k.id === id);
  if (!key) throw new Error(`${party} has no key ${id} in ${keyringPath(dir)}`);
  key.revoked = true;
  writeKeyring(dir, keys);
}
