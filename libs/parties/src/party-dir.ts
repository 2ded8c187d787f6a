import { generateSigningKey, signingKeyFromPem, type SigningKey } from '@cirtmesh/crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSeed, type KeyPair } from 'nkeys.js';

/** The ports a party ran on last, reused at its next start. */
export const PORTS_FILE = 'ports.json';

/** Private material: readable by the party's own user only. */
export const SECRET = 0o600;
/** What the party may hand out. */
export const PUBLIC = 0o644;

/**
 * One party's own directory. Everything private the party holds lives here and nowhere else;
 * what it hands to others (its join request, its certificates) is public.
 *
 * - `party.json`: who it is (public).
 * - `keys/<kid>.pem` and `keys/current`: its Ed25519 signing keys.
 * - `nkeys/*.nk`: the seeds of its nats-server's operator and accounts and of its users.
 * - `tls/`: its TLS keys and certificates (a hub's CA, the authority's root CA).
 * - `join-request.json`: what it sends to be admitted (public).
 */
export class PartyDir {
  constructor(readonly root: string) {}

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  exists(...parts: string[]): boolean {
    return existsSync(this.path(...parts));
  }

  write(parts: string[], content: string, mode: number): string {
    const path = this.path(...parts);
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(path, content, { mode });
    return path;
  }

  read(...parts: string[]): string {
    return readFileSync(this.path(...parts), 'utf8');
  }

  readJson<T>(...parts: string[]): T {
    return JSON.parse(this.read(...parts)) as T;
  }

  writeJson(parts: string[], value: unknown, mode = PUBLIC): string {
    return this.write(parts, JSON.stringify(value, null, 2) + '\n', mode);
  }

  /** The party's signing key in use, made (as `<id>-1`) when it has none. */
  signingKey(party: string): SigningKey {
    if (!this.exists('keys', 'current')) {
      const { privatePem } = generateSigningKey(`${party}-1`);
      this.write(['keys', `${party}-1.pem`], privatePem, SECRET);
      this.write(['keys', 'current'], `${party}-1\n`, PUBLIC);
    }
    const id = this.read('keys', 'current').trim();
    return signingKeyFromPem(id, this.read('keys', `${id}.pem`));
  }

  /** The nkey stored under `name`, made with `create` when there is none. */
  nkey(name: string, create: () => KeyPair): KeyPair {
    if (!this.exists('nkeys', `${name}.nk`))
      this.write(['nkeys', `${name}.nk`], new TextDecoder().decode(create().getSeed()) + '\n', SECRET);
    return fromSeed(new TextEncoder().encode(this.read('nkeys', `${name}.nk`).trim()));
  }
}
