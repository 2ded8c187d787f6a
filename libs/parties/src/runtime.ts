import type { PartyIdentity } from '@cirtmesh/federation';
import { renderNatsConfig, type ServerPlan } from '@cirtmesh/topology';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Algorithms, encodeAccount, encodeOperator, encodeUser, fmtCreds } from 'nats-jwt';
import { createAccount, createOperator, createUser, type KeyPair } from 'nkeys.js';
import { DIRECTORY_FILE } from './bundle';
import { PartyDir, PORTS_FILE, PUBLIC, SECRET } from './party-dir';
import { POLICY_FILE } from './policy-file';

export interface PartyPorts {
  client: number;
  http: number;
  /** Hubs: where members' nats-servers join. */
  leaf?: number;
  /** Nodes: the abuse mailbox. */
  smtp?: number;
}

/** A party ready to run from its own directory: its nats-server config and its app's environment. */
export interface PreparedParty {
  /** The party's own directory. */
  root: string;
  party: PartyIdentity;
  ports: PartyPorts;
  server: ServerPlan;
  /** The app's environment, as its config validates it. */
  env: Record<string, string>;
  /** The API token with every role (admin), kept in the party's secrets. */
  token: string;
  logDir: string;
}

const jwtOptions = { algorithm: Algorithms.v2 };

/** A free TCP port on loopback, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The ports given, else those of the last run, else free ones; kept for the next run. */
export async function partyPorts(dir: PartyDir, kind: PartyIdentity['kind'], requested: Partial<PartyPorts>): Promise<PartyPorts> {
  const last = dir.exists(PORTS_FILE) ? dir.readJson<Partial<PartyPorts>>(PORTS_FILE) : {};
  const pick = async (name: keyof PartyPorts): Promise<number> => requested[name] ?? last[name] ?? (await freePort());
  const ports: PartyPorts = { client: await pick('client'), http: await pick('http') };
  if (kind === 'hub') ports.leaf = await pick('leaf');
  else ports.smtp = await pick('smtp');
  dir.writeJson([PORTS_FILE], ports);
  return ports;
}

/** The party's API tokens by name: one per role. */
export interface PartySecrets {
  admin: string;
  submit: string;
  read: string;
  metrics: string;
}

/**
 * The API tokens, made once and kept; the tokens file the app reads holds their hashes. A token
 * added in a later version (`metrics`) is made for a party founded before it, and added to its
 * tokens file.
 */
function apiTokens(dir: PartyDir, id: string): PartySecrets {
  const token = (): string => randomBytes(24).toString('base64url');
  const kept = dir.exists('secrets.json') ? dir.readJson<Partial<PartySecrets>>('secrets.json') : {};
  const tokens: PartySecrets = {
    admin: kept.admin ?? token(),
    submit: kept.submit ?? token(),
    read: kept.read ?? token(),
    metrics: kept.metrics ?? token(),
  };
  if (Object.keys(tokens).some((name) => kept[name as keyof PartySecrets] === undefined)) dir.writeJson(['secrets.json'], tokens, SECRET);
  const sha = (value: string): string => createHash('sha256').update(value).digest('hex');
  const entry = (name: 'submit' | 'read' | 'metrics'): string => `  - { name: ${name}, sha256: ${sha(tokens[name])}, roles: [${name}] }`;
  if (!dir.exists('tokens.yaml')) {
    const lines = [
      `# API tokens of ${id}, stored hashed. Add your own with \`cirtmesh token create\`.`,
      'tokens:',
      entry('submit'),
      entry('read'),
      entry('metrics'),
    ];
    dir.write(['tokens.yaml'], lines.join('\n') + '\n', SECRET);
  } else if (kept.metrics === undefined) {
    dir.write(['tokens.yaml'], dir.read('tokens.yaml').replace(/\n?$/, '\n') + entry('metrics') + '\n', SECRET);
  }
  return tokens;
}

/** Revoked leaf users of a hub's members: public nkey → when. */
export function revokedLeafUsers(dir: PartyDir): Record<string, string> {
  return dir.exists('revoked.json') ? dir.readJson<Record<string, string>>('revoked.json') : {};
}

/**
 * The party's own NATS trust: its operator (issued once: a server cannot reload a changed one),
 * its system account, its own account (fresh, with the hub's revoked leaf users) and its app user.
 */
async function natsTrust(
  dir: PartyDir,
  id: string,
): Promise<{ operatorJwt: string; system: { id: string; jwt: string }; account: { id: string; jwt: string } }> {
  const operator = dir.nkey('operator', createOperator);
  const sys = dir.nkey('account.SYS', createAccount);
  const account = dir.nkey('account', createAccount);
  if (!dir.exists('nkeys', 'operator.jwt')) {
    dir.write(['nkeys', 'operator.jwt'], await encodeOperator(id, operator, { system_account: sys.getPublicKey() }, jwtOptions), PUBLIC);
    dir.write(['nkeys', 'account.SYS.jwt'], await encodeAccount('SYS', sys, {}, { ...jwtOptions, signer: operator }), PUBLIC);
  }
  const revocations = Object.fromEntries(
    Object.entries(revokedLeafUsers(dir)).map(([user, at]) => [user, Math.ceil(Date.parse(at) / 1000)]),
  );
  const limits = { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1, conn: -1, leaf: -1, subs: -1, data: -1, payload: -1 };
  const accountJwt = await encodeAccount(id, account, { limits, revocations }, { ...jwtOptions, signer: operator });
  await writeUserCreds(dir, ['nkeys', 'app.creds'], `${id}-app`, dir.nkey('user.app', createUser), account);
  return {
    operatorJwt: dir.read('nkeys', 'operator.jwt').trim(),
    system: { id: sys.getPublicKey(), jwt: dir.read('nkeys', 'account.SYS.jwt').trim() },
    account: { id: account.getPublicKey(), jwt: accountJwt },
  };
}

async function writeUserCreds(dir: PartyDir, path: string[], name: string, user: KeyPair, account: KeyPair): Promise<void> {
  const jwt = await encodeUser(name, user, account, { allowed_connection_types: ['STANDARD'] }, jwtOptions);
  dir.write(path, new TextDecoder().decode(fmtCreds(jwt, user)), SECRET);
}

export interface PrepareOptions {
  ports?: Partial<PartyPorts>;
  /** Overrides the hub's leaf URL from the bundle. */
  upstreamUrl?: string;
}

/** Writes what a party runs with, from its own directory: its nats-server config and its app's environment. */
export async function preparePartyRun(root: string, options: PrepareOptions = {}): Promise<PreparedParty> {
  const dir = new PartyDir(root);
  if (!dir.exists('party.json')) throw new Error(`${root} holds no party: make one with cirtmesh init node or cirtmesh init hub`);
  const party = dir.readJson<PartyIdentity>('party.json');
  if (!dir.exists(DIRECTORY_FILE))
    throw new Error(
      `${party.id} holds no directory yet: ${party.kind === 'hub' ? 'import its certificate and bundle' : 'run it once with --bundle bundle.json'}`,
    );
  const joinsUp = party.role !== 'global';
  if (joinsUp && !dir.exists('nkeys', 'leaf.creds'))
    throw new Error(`${party.id} has not been admitted yet: run it with --bundle bundle.json from hub ${party.parent}`);
  const ports = await partyPorts(dir, party.kind, options.ports ?? {});
  const trust = await natsTrust(dir, party.id);
  const bundleUrl = joinsUp ? dir.readJson<{ leafUrl?: string }>('bundle.json').leafUrl : undefined;
  const upstreamUrl = options.upstreamUrl ?? bundleUrl;
  if (joinsUp && !upstreamUrl) throw new Error(`${party.id}: the bundle names no leaf URL of hub ${party.parent}; give one`);
  const leafTls = { ca: dir.path('tls', 'root.pem'), cert: dir.path('tls', 'leaf.pem'), key: dir.path('tls', 'leaf.key') };
  for (const sub of ['nats', 'jetstream', 'logs']) mkdirSync(dir.path(sub), { recursive: true, mode: 0o700 });
  const server: ServerPlan = {
    id: party.id,
    domain: party.id,
    clientPort: ports.client,
    leafPort: ports.leaf,
    upstream: joinsUp && party.parent ? { hub: party.parent, url: upstreamUrl, tls: leafTls } : undefined,
    tls:
      party.kind === 'hub'
        ? { ca: dir.path('tls', 'root.pem'), cert: dir.path('tls', 'server.pem'), key: dir.path('tls', 'leaf.key') }
        : leafTls,
    storeDir: dir.path('jetstream'),
    configPath: dir.path('nats', 'server.conf'),
    pidPath: dir.path('nats', 'server.pid'),
    logPath: dir.path('logs', 'nats.log'),
  };
  const leafCreds = joinsUp ? dir.path('nkeys', 'leaf.creds') : undefined;
  dir.write(['nats', 'server.conf'], renderNatsConfig(server, { ...trust, leafCreds }), SECRET);
  const tokens = apiTokens(dir, party.id);
  return { root, party, ports, server, env: appEnv(dir, party, ports, tokens.admin), token: tokens.admin, logDir: dir.path('logs') };
}

function appEnv(dir: PartyDir, party: PartyIdentity, ports: PartyPorts, token: string): Record<string, string> {
  const keyId = dir.read('keys', 'current').trim();
  const common = {
    CIRTMESH_DIRECTORY_FILE: dir.path(DIRECTORY_FILE),
    CIRTMESH_NATS_URL: `nats://127.0.0.1:${ports.client}`,
    CIRTMESH_NATS_CREDS: dir.path('nkeys', 'app.creds'),
    CIRTMESH_HTTP_PORT: String(ports.http),
    CIRTMESH_API_TOKEN: token,
    CIRTMESH_API_TOKENS_FILE: dir.path('tokens.yaml'),
    CIRTMESH_SIGNING_KEY_FILE: dir.path('keys', `${keyId}.pem`),
    CIRTMESH_SIGNING_KEY_ID: keyId,
  };
  if (party.kind === 'hub') {
    return {
      ...common,
      CIRTMESH_HUB_ID: party.id,
      CIRTMESH_HUB_ROLE: party.role,
      CIRTMESH_POLICY_FILE: dir.path(POLICY_FILE),
      CIRTMESH_SECTION_FILE: dir.path('section.json'),
    };
  }
  const env: Record<string, string> = { ...common, CIRTMESH_NODE_ID: party.id };
  if (ports.smtp) env.CIRTMESH_SMTP_PORT = String(ports.smtp);
  if (dir.exists(POLICY_FILE)) env.CIRTMESH_NODE_POLICY_FILE = dir.path(POLICY_FILE);
  return env;
}
