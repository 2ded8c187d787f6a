import 'reflect-metadata';
import { DocumentError, documentSource, PARTY_ID, parseDocument, type DocumentInput } from '@cirtmesh/contracts';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsISO8601, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import type { KeyObject } from 'node:crypto';
import { publicKeyFromRaw } from './keys';

export class KeySpec {
  /** The node or hub that signs with it. */
  @Matches(PARTY_ID)
  owner!: string;

  @Length(1, 64)
  id!: string;

  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'publicKey must be a raw Ed25519 key, base64url (43 chars)' })
  publicKey!: string;

  /** Signatures made before this instant are not accepted with this key. */
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  /** Nor after this one: the end of a rotation's overlap window. */
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  /** A revoked key is refused whatever the dates. */
  @IsOptional()
  @IsBoolean()
  revoked?: boolean;
}

export class KeyringSpec {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => KeySpec)
  keys!: KeySpec[];
}

export class KeyringError extends DocumentError {
  static override readonly code = 'KEYRING_INVALID';
}

export type KeyLookup = { ok: true; key: KeyObject } | { ok: false; code: 'UNKNOWN_KEY' | 'REVOKED_KEY' | 'KEY_NOT_VALID'; reason: string };

/** Every party's public signing keys, as the mesh publishes them. */
export class Keyring {
  private readonly keys = new Map<string, { spec: KeySpec; key: KeyObject }>();

  constructor(specs: KeySpec[]) {
    for (const spec of specs) this.keys.set(`${spec.owner}/${spec.id}`, { spec, key: publicKeyFromRaw(spec.publicKey) });
  }

  static parse(text: string, source: string): Keyring {
    return Keyring.read({ text, source });
  }

  /** A keyring from its file, its YAML text or its parsed document. */
  static read(input: DocumentInput): Keyring {
    const spec = parseDocument(input, { schema: KeyringSpec, error: KeyringError });
    try {
      return new Keyring(spec.keys);
    } catch (error) {
      throw new KeyringError(documentSource(input), [(error as Error).message]);
    }
  }

  /** The key `owner` signed with as `id`, if it may be used for a signature made at `at`. */
  lookup(owner: string, id: string, at: Date): KeyLookup {
    const entry = this.keys.get(`${owner}/${id}`);
    if (!entry) return { ok: false, code: 'UNKNOWN_KEY', reason: `${owner} has no key ${id} in the keyring` };
    const { spec, key } = entry;
    if (spec.revoked) return { ok: false, code: 'REVOKED_KEY', reason: `key ${id} of ${owner} is revoked` };
    if ((spec.validFrom && at < new Date(spec.validFrom)) || (spec.validUntil && at > new Date(spec.validUntil))) {
      return { ok: false, code: 'KEY_NOT_VALID', reason: `key ${id} of ${owner} is not valid at ${at.toISOString()}` };
    }
    return { ok: true, key };
  }
}
