import { packageRoot } from '@cirtmesh/config';
import { preparePartyRun, type PrepareOptions, type PreparedParty } from '@cirtmesh/parties';
import { backoffMs } from '@cirtmesh/retry';
import { checkNatsServer } from '@cirtmesh/topology';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logTail, ManagedProcess, type ProcessObserver } from './process';
import { portOpen, WaitAbortError, waitUntil } from './wait';

export interface RunPartyOptions extends PrepareOptions {
  natsServerBin?: string;
  /** Where the compiled apps are; found from the package root by default. */
  distDir?: string;
  /** Extra environment for the app (PATH and the like are not inherited otherwise). */
  env?: Record<string, string>;
  /** Extra options for the Node.js running the app, before its script (the benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  processObserver?: ProcessObserver;
  onProgress?: (line: string) => void;
}

/** What `node run` writes once the node is healthy, and prints. */
export interface PartyEndpoint {
  id: string;
  api: string;
  /** Every role (admin). */
  token: string;
  nats: string;
}

/**
 * Runs one party from its own directory, as a national CIRT or a hub operator runs it on one
 * server: its nats-server and its app, supervised together. Either one that exits on its own is
 * started again (waiting longer after each exit in a row); `stop` stops both.
 */
export class PartyRunner {
  readonly server: ManagedProcess;
  readonly app: ManagedProcess;
  private stopping = false;
  private readonly restarts = new Map<ManagedProcess, number>();
  /** Stopped on purpose (a test, an operator): not started again until asked. */
  private readonly held = new Set<ManagedProcess>();

  private constructor(
    readonly prepared: PreparedParty,
    private readonly options: RunPartyOptions,
  ) {
    const { party, server, logDir } = prepared;
    this.server = new ManagedProcess({
      name: `${party.id}-nats`,
      command: options.natsServerBin ?? 'nats-server',
      args: ['-c', server.configPath],
      logPath: server.logPath,
      observer: options.processObserver,
    });
    const distDir = options.distDir ?? join(packageRoot(__dirname), 'dist');
    this.app = new ManagedProcess({
      name: party.id,
      command: process.execPath,
      args: [...(options.nodeArgs ?? []), '--enable-source-maps', join(distDir, 'apps', party.kind, 'src', 'main.js')],
      env: { NO_COLOR: '1', ...options.env, ...prepared.env },
      logPath: join(logDir, `${party.kind}.log`),
      observer: options.processObserver,
    });
  }

  /** Prepares the party's configs, starts its nats-server and its app, and waits until the app is healthy. */
  static async start(root: string, options: RunPartyOptions = {}): Promise<PartyRunner> {
    await checkNatsServer(options.natsServerBin ?? 'nats-server');
    const runner = new PartyRunner(await preparePartyRun(root, options), options);
    try {
      await runner.boot();
    } catch (error) {
      await runner.stop();
      throw error;
    }
    return runner;
  }

  get endpoint(): PartyEndpoint {
    const { party, ports, token } = this.prepared;
    return { id: party.id, api: `http://127.0.0.1:${ports.http}`, token, nats: `nats://127.0.0.1:${ports.client}` };
  }

  private async boot(): Promise<void> {
    const { party, ports, server } = this.prepared;
    const say = this.options.onProgress ?? (() => undefined);
    for (const port of [ports.client, ports.http, ports.leaf, ports.smtp]) {
      if (port !== undefined && (await portOpen(port)))
        throw new Error(`port ${port} is already in use: choose others with the port options`);
    }
    this.server.start();
    await waitUntil(
      `nats-server of ${party.id} on port ${ports.client}`,
      async () => {
        if (!this.server.running) throw new WaitAbortError(`nats-server of ${party.id} exited; its log ends:\n${logTail(server.logPath)}`);
        return portOpen(ports.client);
      },
      { timeoutMs: 15_000 },
    );
    say(`nats-server of ${party.id} up on ${ports.client}`);
    this.app.start();
    await this.waitHealthy(this.options.readyTimeoutMs ?? 60_000);
    if (party.kind === 'node')
      writeFileSync(join(this.prepared.root, 'node.json'), JSON.stringify(this.endpoint, null, 2) + '\n', { mode: 0o600 });
    say(`${party.kind} ${party.id} healthy at ${this.endpoint.api}`);
    this.supervise(this.server);
    this.supervise(this.app);
  }

  /** Once both run: starts a process again whenever it exits on its own. */
  private supervise(proc: ManagedProcess): void {
    void proc.waitForExit().then(async () => {
      if (this.stopping || this.held.has(proc)) return;
      const exits = (this.restarts.get(proc) ?? 0) + 1;
      this.restarts.set(proc, exits);
      this.options.onProgress?.(`${proc.spec.name} exited; starting it again (log: ${proc.spec.logPath})`);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(exits, { baseMs: 500, capMs: 30_000 })));
      if (this.stopping || this.held.has(proc)) return;
      proc.start();
      this.supervise(proc);
    });
  }

  /** Stops one of the two on purpose: it stays down until `resume`. */
  async pause(which: 'app' | 'server', signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this[which];
    this.held.add(proc);
    await proc.stop(signal);
  }

  /** Starts one of the two again (and supervises it); for the app, waits until it is healthy when asked. */
  async resume(which: 'app' | 'server', waitReady = true): Promise<void> {
    const proc = this[which];
    this.held.delete(proc);
    if (!proc.running) {
      proc.start();
      this.supervise(proc);
    }
    const { ports, party } = this.prepared;
    if (which === 'server') {
      await waitUntil(`nats-server of ${party.id}`, () => portOpen(ports.client), { timeoutMs: 15_000 });
    } else if (waitReady) {
      await this.waitHealthy(30_000);
    }
  }

  /** Waits until the app answers 200 on its health endpoint. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    await waitUntil(
      `${this.prepared.party.kind} ${this.prepared.party.id} to be healthy`,
      async () => {
        if (!this.app.running && !this.held.has(this.app)) {
          throw new WaitAbortError(`${this.prepared.party.id} exited; its log ends:\n${logTail(this.app.spec.logPath)}`);
        }
        const res = await fetch(`${this.endpoint.api}/api/v1/health`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Stops the app, then its nats-server. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.app.stop('SIGTERM');
    await this.server.stop('SIGTERM');
  }

  /** For exit handlers: kill both now, synchronously. */
  killAll(): void {
    this.stopping = true;
    this.app.killNow();
    this.server.killNow();
  }
}
