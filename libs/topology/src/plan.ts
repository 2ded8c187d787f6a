import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MeshDirectory, type MeshSpec } from '@cirtmesh/mesh';
import { appCredsPath } from './nats-auth';

export type PartyKind = 'node' | 'hub';
export type HubRole = 'regional' | 'global';

/** One nats-server of the mesh. Every party (node or hub) has its own. */
export interface ServerPlan {
  id: string;
  /** JetStream domain: the party id. */
  domain: string;
  clientPort: number;
  /** Hubs accept leaf connections from their members here. */
  leafPort?: number;
  /** The hub this server joins as a leaf node: on this machine at `leafPort`, or at `url`, with its own certificate when `tls` says. */
  upstream?: { hub: string; leafPort?: number; url?: string; tls?: { ca: string; cert: string; key: string } };
  /** Mutual TLS on leaf links: this server's certificate and the mesh CA. */
  tls: { ca: string; cert: string; key: string };
  storeDir: string;
  configPath: string;
  /** nats-server writes its pid here, so a command can signal it to reload. */
  pidPath: string;
  logPath: string;
}

export interface PartyPlan {
  id: string;
  kind: PartyKind;
  role: HubRole | 'national';
  region?: string;
  httpPort: number;
  /** Nodes: the port of the abuse mailbox when the demo runs one (the port a hub's leaf link takes). */
  smtpPort?: number;
  /** Token with every role (admin). */
  apiToken: string;
  /** Tokens with one role each, stored hashed in the party's tokens file. */
  submitToken: string;
  readToken: string;
  /** For a Prometheus scraper: `GET /metrics` and nothing else. */
  metricsToken: string;
  tokensFile: string;
  natsUrl: string;
  /** Creds file (user JWT and nkey seed) the party's apps connect to their nats-server with. */
  natsCreds: string;
  /** The hub this party sends up to and receives from. */
  parent?: string;
}

export interface MeshPlan {
  spec: MeshSpec;
  directory: MeshDirectory;
  dir: string;
  meshFile: string;
  servers: ServerPlan[];
  parties: PartyPlan[];
}

export interface PlanOptions {
  /** Where configs, JetStream stores and logs go. */
  dir: string;
  /** The mesh file the applications read their directory from. */
  meshFile: string;
  basePort: number;
  /** Secrets to reuse (so a restart keeps tokens); fresh ones are made for the rest. */
  secrets?: Record<string, string>;
}

/** Ports: every party takes a block of three (client, leaf for a hub or abuse mailbox for a node, http). */
export const PORTS_PER_PARTY = 3;

export function portCount(spec: MeshSpec): number {
  const parties = 1 + spec.regions.length + spec.regions.reduce((n, r) => n + r.nodes.length, 0);
  return parties * PORTS_PER_PARTY;
}

/** Lays out servers, ports and secrets for a mesh. Pure but for fresh random secrets. */
export function planMesh(spec: MeshSpec, options: PlanOptions): MeshPlan {
  const directory = new MeshDirectory(spec);
  const secrets = { ...(options.secrets ?? {}) };
  const secret = (key: string): string => (secrets[key] ??= randomBytes(24).toString('base64url'));
  const order: Array<{ id: string; kind: PartyKind; role: PartyPlan['role']; region?: string }> = [
    { id: spec.global.id, kind: 'hub', role: 'global' },
  ];
  for (const region of spec.regions) {
    order.push({ id: region.id, kind: 'hub', role: 'regional', region: region.id });
    for (const node of region.nodes) order.push({ id: node.id, kind: 'node', role: 'national', region: region.id });
  }
  const ports = new Map(order.map((p, i) => [p.id, options.basePort + i * PORTS_PER_PARTY]));
  const servers: ServerPlan[] = [];
  const parties: PartyPlan[] = [];
  for (const party of order) {
    const base = ports.get(party.id)!;
    const parent = directory.parentOf(party.id);
    servers.push({
      id: party.id,
      domain: party.id,
      clientPort: base,
      leafPort: party.kind === 'hub' ? base + 1 : undefined,
      upstream: parent ? { hub: parent, leafPort: ports.get(parent)! + 1 } : undefined,
      tls: {
        ca: join(options.dir, 'tls', 'ca.pem'),
        cert: join(options.dir, 'tls', `${party.id}.pem`),
        key: join(options.dir, 'tls', `${party.id}.key`),
      },
      storeDir: join(options.dir, 'jetstream', party.id),
      configPath: join(options.dir, 'nats', `${party.id}.conf`),
      pidPath: join(options.dir, 'nats', `${party.id}.pid`),
      logPath: join(options.dir, 'logs', `${party.id}.nats.log`),
    });
    parties.push({
      ...party,
      httpPort: base + 2,
      smtpPort: party.kind === 'node' ? base + 1 : undefined,
      apiToken: secret(`api:${party.id}`),
      submitToken: secret(`api-submit:${party.id}`),
      readToken: secret(`api-read:${party.id}`),
      metricsToken: secret(`api-metrics:${party.id}`),
      tokensFile: join(options.dir, 'tokens', `${party.id}.yaml`),
      natsUrl: `nats://127.0.0.1:${base}`,
      natsCreds: appCredsPath(options.dir, party.id),
      parent,
    });
  }
  return { spec, directory, dir: options.dir, meshFile: options.meshFile, servers, parties };
}

/** The secrets a plan used, to persist beside the generated configs. */
export function planSecrets(plan: MeshPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const party of plan.parties) {
    out[`api:${party.id}`] = party.apiToken;
    out[`api-submit:${party.id}`] = party.submitToken;
    out[`api-read:${party.id}`] = party.readToken;
    out[`api-metrics:${party.id}`] = party.metricsToken;
  }
  return out;
}
