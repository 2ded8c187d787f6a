import 'reflect-metadata';
import { DocumentError, parseDocument, TLPS, type Tlp } from '@cirtmesh/contracts';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token may do. `metrics` reads `GET /metrics` and nothing else; `admin` may do everything. */
export const ROLES = ['submit', 'read', 'metrics', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export class TokenEntrySpec {
  @Length(1, 64)
  name!: string;

  /** SHA-256 of the token, hex. The token itself is never stored. */
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256!: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  /** The widest TLP this token is shown (a tool used across an organisation, say): nothing above it, anywhere. */
  @IsOptional()
  @IsIn(TLPS, { message: `maxTlp must be one of: ${TLPS.join(', ')}` })
  maxTlp?: Tlp;
}

export class TokensFileSpec {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TokenEntrySpec)
  tokens!: TokenEntrySpec[];
}

export interface TokenEntry {
  name: string;
  sha256: string;
  roles: Role[];
  /** Nothing above this TLP is shown to the token; no ceiling when absent. */
  maxTlp?: Tlp;
}

export class TokensFileError extends DocumentError {
  static override readonly code = 'TOKENS_INVALID';
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new random token and the entry that stores it hashed. */
export function newToken(name: string, roles: Role[], maxTlp?: Tlp): { token: string; entry: TokenEntry } {
  const token = randomBytes(32).toString('base64url');
  return { token, entry: { name, sha256: hashToken(token), roles, ...(maxTlp ? { maxTlp } : {}) } };
}

export function parseTokensFile(text: string, source: string): TokenEntry[] {
  const spec = parseDocument({ text, source }, { schema: TokensFileSpec, error: TokensFileError });
  return spec.tokens.map((t) => ({ name: t.name, sha256: t.sha256, roles: t.roles, ...(t.maxTlp ? { maxTlp: t.maxTlp } : {}) }));
}

/** Finds the token a request presents; compares against every stored hash in constant time. */
export class TokenRegistry {
  private readonly entries: Array<TokenEntry & { digest: Buffer }>;

  constructor(entries: TokenEntry[]) {
    this.entries = entries.map((e) => ({ ...e, digest: Buffer.from(e.sha256, 'hex') }));
  }

  authenticate(presented: string): TokenEntry | undefined {
    const digest = createHash('sha256').update(presented).digest();
    let found: TokenEntry | undefined;
    for (const entry of this.entries) if (timingSafeEqual(digest, entry.digest) && !found) found = entry;
    return found;
  }
}

/** What a token may be shown: the filter every read of alerts adds for it. */
export function visibleTo(entry: TokenEntry | undefined): { maxTlp?: Tlp } {
  return entry?.maxTlp ? { maxTlp: entry.maxTlp } : {};
}

/** Whether a token may be shown an alert of this TLP. */
export function mayShow(entry: TokenEntry | undefined, tlp: Tlp): boolean {
  return !entry?.maxTlp || TLPS.indexOf(tlp) <= TLPS.indexOf(entry.maxTlp);
}

export function allows(entry: TokenEntry, role: Role): boolean {
  return entry.roles.includes('admin') || entry.roles.includes(role);
}
