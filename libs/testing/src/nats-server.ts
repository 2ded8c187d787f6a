import { ManagedProcess, portOpen, waitUntil } from '@cirtmesh/topology';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectNats } from '@cirtmesh/messaging';
import type { NatsConnection } from 'nats';
import { freePortBlock } from './ports';
import { natsServerBinary } from './test-env';

/** One standalone nats-server with JetStream, on a free port with a temporary store. */
export class TestNatsServer {
  private constructor(
    private readonly proc: ManagedProcess,
    private readonly dir: string,
    readonly port: number,
    readonly password: string,
  ) {}

  static async start(): Promise<TestNatsServer> {
    const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-nats-'));
    const port = await freePortBlock(1);
    const password = randomBytes(16).toString('hex');
    const proc = new ManagedProcess({
      name: 'nats-server',
      command: natsServerBinary(),
      args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'js'), '--user', 'app', '--pass', password],
      logPath: join(dir, 'nats.log'),
    });
    proc.start();
    await waitUntil(`nats-server on ${port}`, () => portOpen(port), { timeoutMs: 10_000 });
    return new TestNatsServer(proc, dir, port, password);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** A connection that, like the apps', keeps reconnecting. */
  connect(): Promise<NatsConnection> {
    return connectNats({ url: this.url, token: this.password, name: 'test' });
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
