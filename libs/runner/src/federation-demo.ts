import { loadMeshSpec } from '@cirtmesh/mesh';
import {
  admit,
  certifyRequest,
  importBundle,
  importCertificate,
  initAuthority,
  initParty,
  keepDirectory,
  PartyDir,
  policyMemberTier,
  readMembership,
  revokeMemberLink,
  SECRET,
  type PartySecrets,
} from '@cirtmesh/parties';
import { packageRoot } from '@cirtmesh/config';
import { prometheusConfig } from '@cirtmesh/telemetry';
import type { PartyPlan, ServerPlan } from '@cirtmesh/topology';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoParties, type DemoParty } from './demo-parties';
import { PartyRunner, type RunPartyOptions } from './party-runner';
import type { ManagedProcess } from './process';
import { waitUntil } from './wait';
import type { ManifestEntry, MeshManifest } from './runner';

export interface FederationDemoOptions {
  meshFile: string;
  /** `.demo`: the parties' directories go in `parties/<id>/`, the manifest in `mesh.json`. */
  dir: string;
  basePort: number;
  natsServerBin?: string;
  fresh?: boolean;
  distDir?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  onProgress?: (line: string) => void;
  processObserver?: RunPartyOptions['processObserver'];
}

/**
 * The demo as a federation: the mesh authority and every hub and node made in a directory of its
 * own (`<dir>/parties/<id>/`) through the steps their operators take (init, certify, hub import,
 * admit, run with the bundle), so no party's directory holds another's private key. Each party runs
 * as a PartyRunner: its own nats-server, with its own operator, and its app. A second start reuses
 * the parties' directories, keys and tokens.
 */
export class FederationDemo {
  readonly runners = new Map<string, PartyRunner>();
  private readonly parties: DemoParty[];

  private constructor(private readonly options: FederationDemoOptions) {
    this.parties = demoParties(loadMeshSpec(options.meshFile), resolve(options.meshFile), options.basePort);
  }

  static prepare(options: FederationDemoOptions): FederationDemo {
    if (options.fresh) rmSync(resolve(options.dir), { recursive: true, force: true });
    mkdirSync(resolve(options.dir), { recursive: true });
    return new FederationDemo(options);
  }

  partyDir(id: string): string {
    return join(resolve(this.options.dir), 'parties', id);
  }

  /** Founds every party that is not founded yet, then runs them: hubs from the top, then the nodes. */
  async boot(): Promise<void> {
    const say = this.options.onProgress ?? (() => undefined);
    const started = Date.now();
    await this.found();
    say(`parties founded in ${Date.now() - started} ms, each in its own directory under ${join(this.options.dir, 'parties')}`);
    // Every party at once: a leaf link to a hub that is not up yet is simply retried.
    const runs = await Promise.allSettled(this.parties.map((p) => this.run(p)));
    const failed = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    await this.waitLinked(Math.max(1_000, (this.options.readyTimeoutMs ?? 60_000) - (Date.now() - started)));
    say(`mesh ready in ${Date.now() - started} ms`);
    writeFileSync(join(resolve(this.options.dir), 'mesh.json'), JSON.stringify(this.manifest(), null, 2) + '\n', { mode: SECRET });
    this.writePrometheusConfig();
  }

  /** `<dir>/observability/prometheus.yml`: a Prometheus scraping every party with its metrics token, with the shipped alert rules. */
  private writePrometheusConfig(): void {
    const { hubs, nodes } = this.manifest();
    const targets = [...hubs, ...nodes].map((e) => ({ party: e.id, role: e.role ?? 'national', api: e.api, token: e.tokens.metrics }));
    const rules = join(packageRoot(__dirname), 'deploy', 'observability', 'rules.yml');
    const dir = join(resolve(this.options.dir), 'observability');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(targets, { ruleFiles: [rules] }), { mode: SECRET });
  }

  /** Waits until every node reaches its hub's delivery consumer over its leaf link. */
  private async waitLinked(timeoutMs: number): Promise<void> {
    const nodes = this.parties.filter((p) => p.identity.kind === 'node');
    await Promise.all(
      nodes.map((p) =>
        waitUntil(
          `node ${p.identity.id} to reach hub ${p.identity.parent}`,
          async () => {
            const res = await fetch(`http://127.0.0.1:${p.ports.http}/api/v1/health`).catch(() => undefined);
            const body = (await res?.json().catch(() => undefined)) as { checks?: { uplink?: boolean } } | undefined;
            return body?.checks?.uplink === true;
          },
          { timeoutMs, intervalMs: 100 },
        ),
      ),
    );
  }

  async stop(): Promise<void> {
    const order = [...this.runners.values()].reverse();
    for (const runner of order) await runner.stop();
  }

  /** The demo's parties as a generated mesh's plan lists them: what the tests and the bench read. */
  get plan(): { dir: string; parties: PartyPlan[]; servers: ServerPlan[] } {
    return {
      dir: resolve(this.options.dir),
      parties: this.parties.map((p) => this.party(p.identity.id)),
      servers: [...this.runners.values()].map((r) => r.prepared.server),
    };
  }

  party(id: string): PartyPlan {
    const demo = this.parties.find((p) => p.identity.id === id);
    if (!demo) throw new Error(`no party ${id} in the demo`);
    const dir = new PartyDir(this.partyDir(id));
    const secrets = dir.readJson<PartySecrets>('secrets.json');
    const { identity, ports } = demo;
    return {
      id,
      kind: identity.kind,
      role: identity.role,
      region: identity.region,
      httpPort: ports.http,
      smtpPort: ports.smtp,
      apiToken: secrets.admin,
      submitToken: secrets.submit,
      readToken: secrets.read,
      metricsToken: secrets.metrics,
      tokensFile: dir.path('tokens.yaml'),
      natsUrl: `nats://127.0.0.1:${ports.client}`,
      natsCreds: dir.path('nkeys', 'app.creds'),
      parent: identity.parent,
    };
  }

  partyRunner(id: string): PartyRunner {
    const runner = this.runners.get(id);
    if (!runner) throw new Error(`party ${id} does not run`);
    return runner;
  }

  get servers(): Map<string, ManagedProcess> {
    return new Map([...this.runners].map(([id, r]) => [id, r.server]));
  }

  get apps(): Map<string, ManagedProcess> {
    return new Map([...this.runners].map(([id, r]) => [id, r.app]));
  }

  startApp(id: string, waitReady = true): Promise<void> {
    return this.partyRunner(id).resume('app', waitReady);
  }

  stopApp(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return this.partyRunner(id).pause('app', signal);
  }

  startServer(id: string): Promise<void> {
    return this.partyRunner(id).resume('server');
  }

  stopServer(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return this.partyRunner(id).pause('server', signal);
  }

  waitReady(id: string, timeoutMs: number): Promise<void> {
    return this.partyRunner(id).waitHealthy(timeoutMs);
  }

  /** Revokes `member`'s leaf user at its hub, in the hub's own account; the hub's server reloads at once. */
  async revokeLeaf(member: string): Promise<void> {
    const hub = this.party(member).parent;
    if (!hub) throw new Error(`${member} has no hub`);
    const { reloaded } = await revokeMemberLink(this.partyDir(hub), member);
    if (!reloaded) throw new Error(`the nats-server of ${hub} did not reload`);
  }

  killAll(): void {
    for (const runner of this.runners.values()) runner.killAll();
  }

  manifest(): MeshManifest {
    const entry = (p: DemoParty): ManifestEntry => {
      const secrets = new PartyDir(this.partyDir(p.identity.id)).readJson<PartySecrets>('secrets.json');
      return {
        id: p.identity.id,
        region: p.identity.region,
        role: p.identity.role,
        api: `http://127.0.0.1:${p.ports.http}`,
        token: secrets.admin,
        tokens: { submit: secrets.submit, read: secrets.read, metrics: secrets.metrics },
        nats: `nats://127.0.0.1:${p.ports.client}`,
        ...(p.ports.smtp ? { smtp: `smtp://127.0.0.1:${p.ports.smtp}` } : {}),
      };
    };
    return {
      nodes: this.parties.filter((p) => p.identity.kind === 'node').map(entry),
      hubs: this.parties.filter((p) => p.identity.kind === 'hub').map(entry),
    };
  }

  private leafUrl(hubId: string): string {
    const hub = this.parties.find((p) => p.identity.id === hubId);
    return `tls://127.0.0.1:${hub!.ports.leaf!}`;
  }

  private async run(party: DemoParty): Promise<void> {
    const { identity, ports } = party;
    const runner = await PartyRunner.start(this.partyDir(identity.id), {
      ports,
      upstreamUrl: identity.parent ? this.leafUrl(identity.parent) : undefined,
      natsServerBin: this.options.natsServerBin,
      distDir: this.options.distDir,
      env: this.options.env,
      nodeArgs: this.options.nodeArgs,
      readyTimeoutMs: this.options.readyTimeoutMs,
      processObserver: this.options.processObserver,
    });
    this.runners.set(identity.id, runner);
  }

  /**
   * Each party's own steps, skipped where done: keys and join request; for a hub, the authority's
   * certificate; admission by the hub above; the bundle taken in. Then every party is given the
   * directory as it stands, as the mesh itself would bring it.
   */
  private async found(): Promise<void> {
    const authority = this.partyDir('authority');
    if (!existsSync(join(authority, 'authority.json'))) initAuthority(authority);
    for (const party of this.parties) {
      const { identity } = party;
      const dir = new PartyDir(this.partyDir(identity.id));
      if (!dir.exists('join-request.json')) initParty(dir.root, identity);
      if (party.policy) copyFileSync(party.policy, dir.path('policy.yaml'));
      if (identity.kind === 'hub' && !dir.exists('certificate.json')) {
        importCertificate(dir.root, JSON.parse(JSON.stringify(certifyRequest(authority, dir.readJson('join-request.json')))));
      }
      if (!identity.parent || dir.exists('bundle.json')) continue;
      const hubDir = new PartyDir(this.partyDir(identity.parent));
      const request = identity.kind === 'hub' ? dir.readJson('certificate.json') : dir.readJson('join-request.json');
      const tier = identity.kind === 'hub' ? undefined : policyMemberTier(hubDir, identity.id);
      const bundle = await admit(hubDir.root, request, { leafUrl: this.leafUrl(identity.parent), tier });
      importBundle(dir.root, JSON.parse(JSON.stringify(bundle)));
    }
    const sections = this.parties
      .filter((p) => p.identity.kind === 'hub')
      .map((p) => new PartyDir(this.partyDir(p.identity.id)))
      .filter((dir) => readMembership(dir).version > 0)
      .map((dir) => dir.readJson<never>('section.json'));
    const authorityKey = new PartyDir(authority).readJson<{ publicKey: string }>('authority.json').publicKey;
    for (const party of this.parties) keepDirectory(new PartyDir(this.partyDir(party.identity.id)), authorityKey, sections);
  }
}
