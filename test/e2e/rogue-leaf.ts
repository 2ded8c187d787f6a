import { freePortBlock, ManagedProcess, natsServerBinary, portOpen, testProcesses, waitUntil } from '@cirtmesh/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';

export interface LeafAttempt {
  /** The hub's leaf port. */
  leafPort: number;
  tls: { cert: string; key: string; ca: string };
  /** Creds file the leaf logs in with; none means it offers no credentials. */
  creds?: string;
}

/**
 * A nats-server outside the mesh's control that tries to join a hub as a leaf node with whatever
 * certificate and credentials it is given. Local clients connect to it without auth.
 */
export class RogueLeaf {
  private constructor(
    private readonly proc: ManagedProcess,
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(attempt: LeafAttempt): Promise<RogueLeaf> {
    const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-rogue-'));
    const port = await freePortBlock(1);
    const q = JSON.stringify;
    const remote = [
      `url: "tls://127.0.0.1:${attempt.leafPort}"`,
      ...(attempt.creds ? [`credentials: ${q(attempt.creds)}`] : []),
      `tls: { cert_file: ${q(attempt.tls.cert)}, key_file: ${q(attempt.tls.key)}, ca_file: ${q(attempt.tls.ca)} }`,
    ];
    const conf = join(dir, 'rogue.conf');
    writeFileSync(
      conf,
      [
        'server_name: rogue',
        `listen: "127.0.0.1:${port}"`,
        `jetstream { domain: rogue, store_dir: ${q(join(dir, 'js'))} }`,
        `leafnodes { reconnect: 1, remotes: [ { ${remote.join(', ')} } ] }`,
      ].join('\n'),
    );
    const proc = new ManagedProcess({
      name: 'rogue',
      command: natsServerBinary(),
      args: ['-c', conf],
      logPath: join(dir, 'rogue.log'),
      observer: testProcesses,
    });
    proc.start();
    await waitUntil('the rogue server', () => portOpen(port));
    return new RogueLeaf(proc, dir, port);
  }

  get log(): string {
    try {
      return readFileSync(join(this.dir, 'rogue.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** A local client; replies come back only to a member's own inbox prefix (`_INBOX_<member>`). */
  connect(inboxPrefix?: string): Promise<NatsConnection> {
    return connect({ servers: `127.0.0.1:${this.port}`, reconnect: false, inboxPrefix });
  }

  /**
   * Whether a JetStream publish from behind this leaf reaches the hub's INGEST stream: the only
   * way in for a member. Tries for `ms`, since a good link takes a moment to come up.
   */
  async reachesHub(subject: string, inboxPrefix: string, ms = 3_000): Promise<boolean> {
    const nc = await this.connect(inboxPrefix);
    try {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        try {
          await nc.jetstream({ timeout: 500 }).publish(subject, Buffer.from('{}'), { msgID: `rogue-${Date.now()}` });
          return true;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      return false;
    } finally {
      await nc.close();
    }
  }

  async stop(): Promise<void> {
    await this.proc.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
