import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Algorithms, encodeAccount, encodeOperator, encodeUser, fmtCreds, type ConnectionType, type User } from 'nats-jwt';
import { createAccount, createOperator, createUser, fromSeed, type KeyPair } from 'nkeys.js';
import { deliverConsumer, LANES, Streams, Subjects } from '@cirtmesh/contracts';

/**
 * Who may connect to the mesh's nats-servers, as NATS decentralised auth (operator mode).
 *
 * - The mesh operator key signs one account per party; whoever runs the mesh holds it.
 * - Each party's account key signs that party's users: `app` for its own applications, and one
 *   leaf user per member that joins it (a hub's nodes, the global tier's regional hubs).
 * - A user is an nkey: a server stores only public keys and signed JWTs, and a connection proves
 *   itself by signing the server's nonce. No password or token exists in any nats-server config.
 * - A leaf user's JWT carries the member's permissions, so the hub's server enforces them, and it
 *   is valid only on the hub whose account signed it.
 * - Revoking a leaf user is a new account JWT with a revocation entry; the server reloads it.
 */

/**
 * What a member may do on its hub's server, as the leaf user it connects with.
 * It may publish only into its own ingest subject, read only its own delivery consumer,
 * ack only that consumer's messages, and receive only replies addressed to its own inbox prefix
 * and the hub's own state, which the hub publishes to all its members.
 * It cannot create, delete or list consumers or streams on the hub.
 */
export function memberPermissions(hub: string, member: string): { publish: string[]; subscribe: string[] } {
  const api = (domain: string | undefined, call: string): string => (domain ? `$JS.${domain}.API.${call}` : `$JS.API.${call}`);
  const publish: string[] = [];
  // Its own ingest subject and its own delivery consumer, in each lane; nothing else.
  for (const lane of LANES) {
    const consumer = `${Streams.deliver}.${deliverConsumer(member, lane)}`;
    publish.push(Subjects.ingest(hub, member, lane));
    for (const domain of [hub, undefined]) {
      publish.push(api(domain, `CONSUMER.INFO.${consumer}`), api(domain, `CONSUMER.MSG.NEXT.${consumer}`));
    }
    publish.push(`$JS.ACK.${consumer}.>`, `$JS.ACK.*.*.${consumer}.>`);
  }
  return { publish, subscribe: [`${Subjects.inboxPrefix(member)}.>`, Subjects.hubState(hub)] };
}

const SEED_MODE = 0o600;

export interface AccountClaims {
  /** The account's public nkey (A...). */
  id: string;
  jwt: string;
}

export interface PartyAuth {
  account: AccountClaims;
  /** Creds file (JWT and seed) of the party's `app` user on its own server. */
  appCreds: string;
  /** Creds file of this party's leaf user on its parent hub's server, when it has a parent. */
  leafCreds?: string;
}

export interface MeshAuth {
  operatorJwt: string;
  system: AccountClaims;
  parties: Map<string, PartyAuth>;
}

export interface AuthParty {
  id: string;
  /** The hub this party joins as a leaf node. */
  parent?: string;
}

export interface MeshAuthOptions {
  /** Leaf users to refuse: `<hub>/<member>` pairs and the time their revocation applies from. */
  revoked?: Record<string, Date>;
}

const nkeysDir = (dir: string): string => join(dir, 'nkeys');
export const appCredsPath = (dir: string, party: string): string => join(nkeysDir(dir), `${party}.app.creds`);
export const leafCredsPath = (dir: string, party: string): string => join(nkeysDir(dir), `${party}.leaf.creds`);
export const revocationsPath = (dir: string): string => join(nkeysDir(dir), 'revoked.json');

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An nkey that derives its public key once and signs with node:crypto. The pure-JS Ed25519 behind
 * nkeys.js re-derives the key pair on every call, which costs ~40 ms each in a test VM.
 */
class CachedKeyPair implements KeyPair {
  private readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private encodedPrivate: Uint8Array | undefined;

  constructor(private readonly kp: KeyPair & { getRawSeed(): Uint8Array }) {
    this.publicKey = kp.getPublicKey();
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, kp.getRawSeed()]), format: 'der', type: 'pkcs8' });
  }
  getPublicKey(): string {
    return this.publicKey;
  }
  getPrivateKey(): Uint8Array {
    return (this.encodedPrivate ??= this.kp.getPrivateKey());
  }
  getSeed(): Uint8Array {
    return this.kp.getSeed();
  }
  sign(input: Uint8Array): Uint8Array {
    return sign(null, input, this.privateKey);
  }
  verify(input: Uint8Array, sig: Uint8Array): boolean {
    return this.kp.verify(input, sig);
  }
  clear(): void {
    this.kp.clear();
  }
  seal(): Uint8Array {
    throw new Error('not supported');
  }
  open(): Uint8Array | null {
    throw new Error('not supported');
  }
}

/** Loads the seed stored under `name`, or makes and stores a new key. */
function keyFor(dir: string, name: string, create: () => KeyPair): KeyPair {
  const path = join(nkeysDir(dir), `${name}.nk`);
  let kp: KeyPair;
  if (existsSync(path)) {
    kp = fromSeed(new TextEncoder().encode(readFileSync(path, 'utf8').trim()));
  } else {
    kp = create();
    writeFileSync(path, `${new TextDecoder().decode(kp.getSeed())}\n`, { mode: SEED_MODE });
  }
  return new CachedKeyPair(kp as KeyPair & { getRawSeed(): Uint8Array });
}

const opts = { algorithm: Algorithms.v2 };

/** The JWT stored under `name`, or a new one, stored. */
async function kept(dir: string, name: string, issue: () => Promise<string>): Promise<string> {
  const path = join(nkeysDir(dir), `${name}.jwt`);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const jwt = await issue();
  writeFileSync(path, `${jwt}\n`, { mode: 0o644 });
  return jwt;
}

function userClaims(types: ConnectionType[], perms?: { publish: string[]; subscribe: string[] }): Partial<User> {
  const claims: Partial<User> = { allowed_connection_types: types };
  if (perms) {
    claims.pub = { allow: perms.publish, deny: [] };
    claims.sub = { allow: perms.subscribe, deny: [] };
  }
  return claims;
}

async function writeCreds(path: string, name: string, user: KeyPair, account: KeyPair, claims: Partial<User>): Promise<void> {
  const jwt = await encodeUser(name, user, account, claims, opts);
  writeFileSync(path, fmtCreds(jwt, user), { mode: SEED_MODE });
}

/** The leaf users revoked so far, as `<hub>/<member>` → ISO time. */
export function readRevocations(dir: string): Record<string, string> {
  const path = revocationsPath(dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

/**
 * Makes (once) and keeps the operator, account and user keys of a mesh under `<dir>/nkeys`, and
 * issues fresh JWTs and creds files from them. Every JWT is re-issued on each call, so a change of
 * permissions or a revocation takes effect when the servers reload their configs.
 */
export async function ensureMeshAuth(dir: string, parties: AuthParty[]): Promise<MeshAuth> {
  mkdirSync(nkeysDir(dir), { recursive: true, mode: 0o700 });
  const operator = keyFor(dir, 'operator', createOperator);
  const sys = keyFor(dir, 'account.SYS', createAccount);
  // A server cannot reload a changed operator, so the operator and system JWTs are issued once.
  const operatorJwt = await kept(dir, 'operator', () => encodeOperator('cirtmesh', operator, { system_account: sys.getPublicKey() }, opts));
  const system = {
    id: sys.getPublicKey(),
    jwt: await kept(dir, 'account.SYS', () => encodeAccount('SYS', sys, {}, { ...opts, signer: operator })),
  };
  const revoked = readRevocations(dir);
  const accounts = new Map(parties.map((p) => [p.id, keyFor(dir, `account.${p.id}`, createAccount)]));
  const leafUsers = new Map(parties.map((p) => [p.id, keyFor(dir, `user.${p.id}.leaf`, createUser)]));
  const out = new Map<string, PartyAuth>();
  for (const party of parties) {
    const account = accounts.get(party.id)!;
    const revocations: Record<string, number> = {};
    for (const member of parties.filter((p) => p.parent === party.id)) {
      const at = revoked[`${party.id}/${member.id}`];
      if (at) revocations[leafUsers.get(member.id)!.getPublicKey()] = Math.ceil(Date.parse(at) / 1000);
    }
    const jwt = await encodeAccount(
      party.id,
      account,
      {
        // JetStream on for this account, bounded by the server's own limits.
        limits: { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1, conn: -1, leaf: -1, subs: -1, data: -1, payload: -1 },
        revocations,
      },
      { ...opts, signer: operator },
    );
    const app = keyFor(dir, `user.${party.id}.app`, createUser);
    await writeCreds(appCredsPath(dir, party.id), `${party.id}-app`, app, account, userClaims(['STANDARD']));
    let leafCreds: string | undefined;
    if (party.parent) {
      const parentAccount = accounts.get(party.parent);
      if (!parentAccount) throw new Error(`${party.id} joins ${party.parent}, which is not in the mesh`);
      leafCreds = leafCredsPath(dir, party.id);
      // NATS revokes the JWTs a user was issued up to the revocation time: never issue it another.
      if (!revoked[`${party.parent}/${party.id}`]) {
        await writeCreds(
          leafCreds,
          `${party.id}@${party.parent}`,
          leafUsers.get(party.id)!,
          parentAccount,
          userClaims(['LEAFNODE'], memberPermissions(party.parent, party.id)),
        );
      }
    }
    out.set(party.id, { account: { id: account.getPublicKey(), jwt }, appCreds: appCredsPath(dir, party.id), leafCreds });
  }
  return { operatorJwt, system, parties: out };
}

/** Records that `member`'s leaf user may no longer join `hub`; applied at the next ensureMeshAuth. */
export function revokeLeafUser(dir: string, hub: string, member: string, at: Date = new Date()): void {
  const revoked = readRevocations(dir);
  revoked[`${hub}/${member}`] = at.toISOString();
  mkdirSync(nkeysDir(dir), { recursive: true, mode: 0o700 });
  writeFileSync(revocationsPath(dir), JSON.stringify(revoked, null, 2) + '\n', { mode: SEED_MODE });
}
