import { Streams } from '@cirtmesh/contracts';
import { FederationDemo, waitUntil } from '@cirtmesh/runner';
import { packageRoot } from '@cirtmesh/config';
import { portCount } from '@cirtmesh/topology';
import { loadMeshSpec } from '@cirtmesh/mesh';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, credsAuthenticator, type NatsConnection } from 'nats';
import { freePortBlock } from './ports';
import { testProcesses, testTempDir } from './processes';
import { natsServerBinary } from './test-env';

export const DEMO_MESH = join(packageRoot(__dirname), 'deploy', 'mesh.demo.yaml');

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * The demo topology on free ports in a temporary directory, as `npm start` runs it: a federation
 * whose parties are each founded in a directory of their own and run as their own processes.
 */
export class TestMesh {
  private readonly connections: NatsConnection[] = [];

  private constructor(
    readonly runner: FederationDemo,
    readonly dir: string,
  ) {}

  /** `env` is added to every app's environment. */
  static async start(
    meshFile = DEMO_MESH,
    env: Record<string, string> = {},
    readyTimeoutMs = 60_000,
    nodeArgs: string[] = [],
  ): Promise<TestMesh> {
    const dir = testTempDir('cirtmesh-e2e-');
    const basePort = await freePortBlock(portCount(loadMeshSpec(meshFile)));
    try {
      const runner = FederationDemo.prepare({
        meshFile,
        dir,
        basePort,
        natsServerBin: natsServerBinary(),
        readyTimeoutMs,
        env,
        nodeArgs,
        processObserver: testProcesses,
      });
      try {
        await runner.boot();
      } catch (error) {
        await runner.stop();
        throw error;
      }
      return new TestMesh(runner, dir);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async request<T = unknown>(
    party: string,
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const p = this.runner.party(party);
    const headers: Record<string, string> = { ...extraHeaders };
    const auth = token === undefined ? p.apiToken : token;
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`http://127.0.0.1:${p.httpPort}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  }

  /** Submits an alert and returns its id; fails the test on anything but 202. */
  async submit(node: string, alert: Record<string, unknown>): Promise<string> {
    const res = await this.request<{ id: string }>(node, 'POST', '/api/v1/alerts', alert);
    if (res.status !== 202) throw new Error(`submit to ${node} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async alertIds(node: string, query = ''): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?limit=500${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;
      const res: ApiResponse<{ items: Array<{ alert: { id: string } }>; next: string | null }> = await this.request(
        node,
        'GET',
        `/api/v1/alerts${q}`,
      );
      if (res.status !== 200) throw new Error(`list on ${node} answered ${res.status}`);
      ids.push(...res.body.items.map((i) => i.alert.id));
      cursor = res.body.next;
    } while (cursor);
    return ids;
  }

  async waitForAlert(node: string, id: string, timeoutMs = 20_000): Promise<void> {
    await waitUntil(`${node} to hold alert ${id}`, async () => (await this.request(node, 'GET', `/api/v1/alerts/${id}`)).status === 200, {
      timeoutMs,
      intervalMs: 50,
    });
  }

  /**
   * "Nothing arrived" is only meaningful once what was sent before has been handled. A CLEAR
   * global alert from the same origin reaches every node; once it is everywhere, the hubs have
   * taken in the earlier alerts too (assertions on decisions still wait for them explicitly).
   */
  async barrier(origin: string): Promise<void> {
    const id = await this.submit(origin, {
      title: 'barrier',
      category: 'other',
      severity: 'low',
      tlp: 'CLEAR',
      scope: 'global',
    });
    const nodes = this.runner.plan.parties.filter((p) => p.kind === 'node' && p.id !== origin);
    await Promise.all(nodes.map((p) => this.waitForAlert(p.id, id)));
  }

  async decisions(hub: string, alertId: string): Promise<Array<{ recipient: string; verdict: string; reasons: Array<{ code: string }> }>> {
    const res = await this.request<{ items: Array<{ recipient: string; verdict: string; reasons: Array<{ code: string }> }> }>(
      hub,
      'GET',
      `/api/v1/decisions?alert=${alertId}`,
    );
    if (res.status !== 200) throw new Error(`decisions on ${hub} answered ${res.status}`);
    return res.body.items;
  }

  /** Waits until a hub has recorded at least `count` decisions for an alert, and returns them. */
  async waitForDecisions(
    hub: string,
    alertId: string,
    count: number,
    timeoutMs = 20_000,
  ): Promise<Awaited<ReturnType<TestMesh['decisions']>>> {
    return waitUntil(
      `${hub} to record ${count} decisions for ${alertId}`,
      async () => {
        const items = await this.decisions(hub, alertId);
        return items.length >= count ? items : undefined;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /** A party's own directory, where it keeps its keys (its nats-server's and its signing keys), TLS files and logs. */
  partyDir(party: string): string {
    return this.runner.partyDir(party);
  }

  /** The signing key a party signs with now: its id and its private key file, in its own directory. */
  signingKey(party: string): { id: string; file: string } {
    const id = readFileSync(join(this.partyDir(party), 'keys', 'current'), 'utf8').trim();
    return { id, file: join(this.partyDir(party), 'keys', `${id}.pem`) };
  }

  /** A member's leaf-link certificate (with its hub's CA), key, and the mesh root CA; and its leaf creds. */
  leafFiles(party: string): { tls: { cert: string; key: string; ca: string }; creds: string } {
    const dir = this.partyDir(party);
    return {
      tls: { cert: join(dir, 'tls', 'leaf.pem'), key: join(dir, 'tls', 'leaf.key'), ca: join(dir, 'tls', 'root.pem') },
      creds: join(dir, 'nkeys', 'leaf.creds'),
    };
  }

  /** A NATS connection as the party's own app user, on the party's own server. */
  async nats(party: string, inboxPrefix?: string): Promise<NatsConnection> {
    const p = this.runner.party(party);
    const nc = await connect({ servers: p.natsUrl, authenticator: credsAuthenticator(readFileSync(p.natsCreds)), inboxPrefix });
    this.connections.push(nc);
    return nc;
  }

  /** Messages in a party's stream (e.g. a node's ALERTS, a hub's INGEST). */
  async streamState(party: string, stream: string = Streams.alerts): Promise<{ messages: number; last_seq: number }> {
    const nc = await this.nats(party);
    const info = await (await nc.jetstreamManager()).streams.info(stream);
    return info.state;
  }

  /** Messages on one subject (wildcards allowed) of a party's stream. */
  async subjectCount(party: string, subject: string, stream: string = Streams.alerts): Promise<number> {
    const nc = await this.nats(party);
    const info = await (await nc.jetstreamManager()).streams.info(stream, { subjects_filter: subject });
    return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
  }

  /** A party's structured log so far: one object a JSON line (see libs/logging). */
  logLines(party: string): Array<{ level: string; msg: string } & Record<string, unknown>> {
    const kind = this.runner.party(party).kind;
    let text = '';
    try {
      text = readFileSync(join(this.runner.partyDir(party), 'logs', `${kind}.log`), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as { level: string; msg: string } & Record<string, unknown>];
      } catch {
        return []; // a line being written, or not one of the app's
      }
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close().catch(() => undefined)));
    await this.runner.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
