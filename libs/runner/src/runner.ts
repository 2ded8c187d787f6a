import { packageRoot } from '@cirtmesh/config';
import {
  checkNatsServer,
  ensureMeshKeys,
  ensureMeshTls,
  issueMeshAuth,
  partyEnv,
  revokeLink,
  storePlan,
  writeServerConfig,
  writeTokensFile,
  type MeshAuth,
  type MeshPlan,
  type PartyPlan,
} from '@cirtmesh/topology';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { logTail, ManagedProcess, type ProcessObserver } from './process';
import { portOpen, WaitAbortError, waitUntil } from './wait';

export interface RunMeshOptions {
  meshFile: string;
  /** Working directory for configs, JetStream stores, logs and the manifest. */
  dir: string;
  basePort: number;
  natsServerBin?: string;
  /** Remove stores and secrets from an earlier run first. */
  fresh?: boolean;
  /** Where the compiled apps are; found from the package root by default. */
  distDir?: string;
  /** How long the whole mesh may take to become ready. */
  readyTimeoutMs?: number;
  /** Extra environment for every app (PATH and the like are not inherited otherwise). */
  env?: Record<string, string>;
  /** Extra options for the Node.js running each app, before its script (the benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
  onProgress?: (line: string) => void;
  /** Told of every process the mesh starts and stops. */
  processObserver?: ProcessObserver;
}

export interface ManifestEntry {
  id: string;
  region?: string;
  role?: string;
  api: string;
  /** Every role (admin). */
  token: string;
  /** Tokens with a single role. */
  tokens: { submit: string; read: string; metrics: string };
  nats: string;
  /** Nodes: the abuse mailbox the demo runs. */
  smtp?: string;
}

export interface MeshManifest {
  nodes: ManifestEntry[];
  hubs: ManifestEntry[];
}

/**
 * Runs a whole mesh on one machine: a nats-server per party, then every hub and node as its
 * own OS process. Used by `cirtmesh demo`, the benchmark and the end-to-end tests.
 */
export class MeshRunner {
  readonly servers = new Map<string, ManagedProcess>();
  readonly apps = new Map<string, ManagedProcess>();
  private readonly natsBin: string;
  private readonly distDir: string;

  private constructor(
    readonly plan: MeshPlan,
    private readonly auth: MeshAuth,
    private readonly options: RunMeshOptions,
  ) {
    this.natsBin = options.natsServerBin ?? 'nats-server';
    this.distDir = options.distDir ?? join(packageRoot(__dirname), 'dist');
  }

  /** Prepares and boots a mesh; stops whatever it started if booting fails. */
  static async start(options: RunMeshOptions): Promise<MeshRunner> {
    const runner = await MeshRunner.prepare(options);
    try {
      await runner.boot();
    } catch (error) {
      await runner.stop();
      throw error;
    }
    return runner;
  }

  /** Checks nats-server, plans ports and secrets, and writes them; starts nothing. */
  static async prepare(options: RunMeshOptions): Promise<MeshRunner> {
    await checkNatsServer(options.natsServerBin ?? 'nats-server');
    const dir = resolve(options.dir);
    if (options.fresh) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const plan = storePlan(dir, options.meshFile, options.basePort);
    const ids = plan.parties.map((p) => p.id);
    ensureMeshKeys(dir, ids);
    ensureMeshTls(dir, ids);
    return new MeshRunner(plan, await issueMeshAuth(plan), options);
  }

  party(id: string): PartyPlan {
    const party = this.plan.parties.find((p) => p.id === id);
    if (!party) throw new Error(`no party ${id} in the mesh`);
    return party;
  }

  manifest(): MeshManifest {
    const entry = (p: PartyPlan): ManifestEntry => ({
      id: p.id,
      region: p.region,
      role: p.role,
      api: `http://127.0.0.1:${p.httpPort}`,
      token: p.apiToken,
      tokens: { submit: p.submitToken, read: p.readToken, metrics: p.metricsToken },
      nats: p.natsUrl,
      ...(p.smtpPort ? { smtp: `smtp://127.0.0.1:${p.smtpPort}` } : {}),
    });
    return {
      nodes: this.plan.parties.filter((p) => p.kind === 'node').map(entry),
      hubs: this.plan.parties.filter((p) => p.kind === 'hub').map(entry),
    };
  }

  async startServer(id: string): Promise<void> {
    const server = this.plan.servers.find((s) => s.id === id);
    if (!server) throw new Error(`no server ${id}`);
    let proc = this.servers.get(id);
    if (!proc) {
      writeServerConfig(server, this.auth);
      proc = new ManagedProcess({
        name: `${id}-nats`,
        command: this.natsBin,
        args: ['-c', server.configPath],
        logPath: server.logPath,
        observer: this.options.processObserver,
      });
      this.servers.set(id, proc);
    }
    proc.start();
    await waitUntil(
      `nats-server ${id} on port ${server.clientPort}`,
      async () => {
        if (!proc.running) throw new WaitAbortError(`nats-server ${id} exited; its log ends:\n${logTail(server.logPath)}`);
        return portOpen(server.clientPort);
      },
      { timeoutMs: 15_000 },
    );
  }

  /** Revokes `member`'s leaf user at its hub (see revokeLink); the hub's server reloads at once. */
  async revokeLeaf(member: string): Promise<void> {
    const { reloaded } = await revokeLink(this.plan, member);
    if (!reloaded) throw new Error(`the nats-server of ${this.party(member).parent} did not reload`);
  }

  async stopServer(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.servers.get(id)?.stop(signal);
  }

  async startApp(id: string, waitReady = true): Promise<void> {
    const party = this.party(id);
    let proc = this.apps.get(id);
    if (!proc) {
      // Logs go to files: no colour codes in them.
      writeTokensFile(party);
      // The demo runs every node's abuse mailbox, open to loopback clients.
      const mailbox: Record<string, string> = party.smtpPort ? { CIRTMESH_SMTP_PORT: String(party.smtpPort) } : {};
      const env = { NO_COLOR: '1', ...this.options.env, ...partyEnv(this.plan, party), ...mailbox };
      proc = new ManagedProcess({
        name: id,
        command: process.execPath,
        args: [...(this.options.nodeArgs ?? []), '--enable-source-maps', join(this.distDir, 'apps', party.kind, 'src', 'main.js')],
        env,
        logPath: join(this.plan.dir, 'logs', `${id}.${party.kind}.log`),
        observer: this.options.processObserver,
      });
      this.apps.set(id, proc);
    }
    proc.start();
    if (waitReady) await this.waitReady(id, 30_000);
  }

  async stopApp(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.apps.get(id)?.stop(signal);
  }

  /** Waits for an app's health endpoint to answer 200. */
  async waitReady(id: string, timeoutMs: number): Promise<void> {
    const party = this.party(id);
    const proc = this.apps.get(id);
    await waitUntil(
      `${party.kind} ${id} to be healthy`,
      async () => {
        if (proc && !proc.running) throw new WaitAbortError(`${id} exited; its log ends:\n${logTail(proc.spec.logPath)}`);
        const res = await fetch(`http://127.0.0.1:${party.httpPort}/api/v1/health`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Waits until every node reaches its hub's delivery consumer over its leaf link. */
  async waitLinked(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.plan.parties
        .filter((p) => p.kind === 'node')
        .map((p) =>
          waitUntil(
            `node ${p.id} to reach hub ${p.parent}`,
            async () => {
              const res = await fetch(`http://127.0.0.1:${p.httpPort}/api/v1/health`).catch(() => undefined);
              const body = (await res?.json().catch(() => undefined)) as { checks?: { uplink?: boolean } } | undefined;
              return body?.checks?.uplink === true;
            },
            { timeoutMs, intervalMs: 100 },
          ),
        ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((p) => p.stop('SIGTERM')));
    await Promise.all([...this.servers.values()].map((p) => p.stop('SIGTERM')));
  }

  /** For exit handlers: kill everything now, synchronously. */
  killAll(): void {
    for (const p of [...this.apps.values(), ...this.servers.values()]) p.killNow();
  }

  /** Starts every server and app, waits until the mesh is ready, then writes the manifest. */
  async boot(): Promise<void> {
    const progress = this.options.onProgress ?? (() => undefined);
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const started = Date.now();
    const ports = this.plan.servers.flatMap((s) => [s.clientPort, ...(s.leafPort ? [s.leafPort] : [])]);
    ports.push(...this.plan.parties.flatMap((p) => [p.httpPort, ...(p.smtpPort ? [p.smtpPort] : [])]));
    for (const port of ports) {
      if (await portOpen(port)) {
        throw new Error(`port ${port} is already in use: stop whatever holds it, or choose other ports with MESH_BASE_PORT`);
      }
    }
    const tiers = [
      this.plan.servers.filter((s) => this.party(s.id).role === 'global'),
      this.plan.servers.filter((s) => this.party(s.id).role === 'regional'),
      this.plan.servers.filter((s) => this.party(s.id).role === 'national'),
    ];
    for (const tier of tiers) await Promise.all(tier.map((s) => this.startServer(s.id)));
    progress(`nats-servers up (${this.plan.servers.length}) in ${Date.now() - started} ms`);
    const hubs = this.plan.parties.filter((p) => p.kind === 'hub');
    const nodes = this.plan.parties.filter((p) => p.kind === 'node');
    for (const p of [...hubs, ...nodes]) await this.startApp(p.id, false);
    const remaining = (): number => Math.max(1_000, readyTimeoutMs - (Date.now() - started));
    await Promise.all([...hubs, ...nodes].map((p) => this.waitReady(p.id, remaining())));
    await this.waitLinked(remaining());
    progress(`mesh ready in ${Date.now() - started} ms`);
    writeFileSync(join(this.plan.dir, 'mesh.json'), JSON.stringify(this.manifest(), null, 2) + '\n', { mode: 0o600 });
  }
}
