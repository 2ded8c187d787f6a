import { ensureMeshAuth, renderNatsConfig, serverAuth } from '@cirtmesh/topology';
import { ManagedProcess, portOpen, waitUntil } from '@cirtmesh/runner';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectNats } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import { freePortBlock } from './ports';
import { testProcesses, testTempDir } from './processes';
import { natsServerBinary } from './test-env';

/** One standalone nats-server with JetStream and the mesh's operator-mode auth, on a free port with a temporary store. */
export class TestNatsServer {
  private constructor(
    private readonly proc: ManagedProcess,
    private readonly dir: string,
    readonly port: number,
    private readonly creds: Uint8Array,
  ) {}

  static async start(): Promise<TestNatsServer> {
    const dir = testTempDir('cirtmesh-nats-');
    const port = await freePortBlock(1);
    const auth = await ensureMeshAuth(dir, [{ id: 'test' }]);
    const party = auth.parties.get('test')!;
    const configPath = join(dir, 'nats.conf');
    const tls = { ca: '', cert: '', key: '' };
    const server = {
      id: 'test',
      domain: 'test',
      clientPort: port,
      tls,
      storeDir: join(dir, 'js'),
      configPath,
      pidPath: join(dir, 'nats.pid'),
      logPath: join(dir, 'nats.log'),
    };
    writeFileSync(configPath, renderNatsConfig(server, serverAuth(auth, 'test')));
    const proc = new ManagedProcess({
      name: 'nats-server',
      command: natsServerBinary(),
      args: ['-c', configPath],
      logPath: server.logPath,
      observer: testProcesses,
    });
    proc.start();
    await waitUntil(`nats-server on ${port}`, () => portOpen(port), { timeoutMs: 10_000 });
    return new TestNatsServer(proc, dir, port, readFileSync(party.appCreds));
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** A connection that, like the apps', keeps reconnecting. */
  connect(): Promise<NatsConnection> {
    return connectNats({ url: this.url, creds: this.creds, name: 'test' });
  }

  /** Stops and starts the server again on the same port and store. */
  async restart(): Promise<void> {
    await this.proc.stop();
    this.proc.start();
    await waitUntil(`nats-server on ${this.port}`, () => portOpen(this.port), { timeoutMs: 10_000 });
  }

  async stop(): Promise<void> {
    await this.proc.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
