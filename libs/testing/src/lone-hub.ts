import { signingKeyFromPem, type SigningKey } from '@cirtmesh/crypto';
import { loadMeshSpec } from '@cirtmesh/mesh';
import { MeshRunner } from '@cirtmesh/runner';
import { currentKey, portCount } from '@cirtmesh/topology';
import { readFileSync, rmSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection } from 'nats';
import { freePortBlock } from './ports';
import { testProcesses, testTempDir } from './processes';
import { natsServerBinary } from './test-env';

/**
 * One hub of a mesh file on its own: its nats-server and its app, as in the mesh, and no member
 * running. What the members would do (sign and send alerts, drain their deliveries) is left to
 * the caller, with the members' keys and the hub app's own connection. The hub benchmark uses it.
 */
export class LoneHub {
  private constructor(
    private readonly runner: MeshRunner,
    readonly id: string,
    readonly dir: string,
  ) {}

  static async start(meshFile: string, id: string, nodeArgs: string[] = []): Promise<LoneHub> {
    const dir = testTempDir('cirtmesh-hub-');
    const basePort = await freePortBlock(portCount(loadMeshSpec(meshFile)));
    const runner = await MeshRunner.prepare({
      meshFile,
      dir,
      basePort,
      natsServerBin: natsServerBinary(),
      nodeArgs,
      processObserver: testProcesses,
    });
    const hub = new LoneHub(runner, id, dir);
    try {
      await runner.startServer(id);
      await runner.startApp(id);
    } catch (error) {
      await hub.stop();
      throw error;
    }
    return hub;
  }

  /** The hub app's and its nats-server's process ids, by name. */
  pids(): Map<string, number> {
    return new Map([
      [this.id, this.runner.apps.get(this.id)!.pid!],
      [`${this.id}-nats`, this.runner.servers.get(this.id)!.pid!],
    ]);
  }

  /** A connection to the hub's nats-server as the hub app connects. */
  nats(): Promise<NatsConnection> {
    const party = this.runner.party(this.id);
    return connect({ servers: party.natsUrl, authenticator: credsAuthenticator(readFileSync(party.natsCreds)) });
  }

  /** A member's signing key, as that member holds it. */
  signingKey(member: string): SigningKey {
    const key = currentKey(this.dir, member);
    return signingKeyFromPem(key.id, readFileSync(key.file, 'utf8'));
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
