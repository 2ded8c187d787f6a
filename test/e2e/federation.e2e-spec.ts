/* @file-timeout 10m */
import { packageRoot } from '@cirtmesh/config';
import { DIRECTORY_SECTION_CONTENT, MeshHeaders, Streams, Subjects } from '@cirtmesh/contracts';
import { spawnTracked, TestMesh, waitUntil } from '@cirtmesh/testing';
import { connect, credsAuthenticator, headers as natsHeaders } from 'nats';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretsByParty, sharedSecrets } from './party-secrets';
import { RogueLeaf, type LeafAttempt } from './rogue-leaf';

const cliPath = join(packageRoot(__dirname), 'dist', 'apps', 'cli', 'src', 'main.js');

interface Endpoint {
  api: string;
  token: string;
  nats: string;
}

async function api<T>(at: Endpoint, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${at.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${at.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface Stored {
  alert: { id: string; title: string; origin: string };
  provenance?: { origin?: { node: string; kid: string } };
  deliveries?: Array<{ recipient: string; outcome: string }>;
}

/** The built CLI, as an operator runs it; resolves with its exit status and output. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTracked(process.execPath, [cliPath, ...args], {
    env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The demo mesh, a federation of sovereign parties each made in its own directory and run on its
 * own: a new national CIRT joins it while it runs with three commands, and is taken out with one.
 */
describe('a new national CIRT joins a running federation', () => {
  let mesh: TestMesh;
  /** The demo mesh as its parties see it: each in its own directory, each its own processes. */
  const federation = {
    dir: (id: string): string => mesh.partyDir(id),
    /** Where every party's directory is. */
    get parties(): string {
      return join(mesh.dir, 'parties');
    },
    /** Files that travel between parties in this test (bundles, an old section). */
    get scratch(): string {
      return mesh.dir;
    },
    endpoint: (id: string): Endpoint => {
      const p = mesh.runner.party(id);
      return { api: `http://127.0.0.1:${p.httpPort}`, token: p.apiToken, nats: p.natsUrl };
    },
    get runners() {
      return mesh.runner.runners;
    },
    halt: async (id: string): Promise<void> => {
      await mesh.runner.stopApp(id);
      await mesh.runner.stopServer(id);
    },
    run: async (id: string): Promise<void> => {
      await mesh.runner.startServer(id);
      await mesh.runner.startApp(id);
    },
  };
  let gh: ChildProcessWithoutNullStreams | undefined;
  let ghEndpoint: Endpoint;
  const ghDir = (): string => federation.dir('gh');

  /** `cirtmesh node run --dir <gh>`, as gh's operator runs it: resolves with what it prints once gh is healthy. */
  async function startGh(extra: string[] = []): Promise<Endpoint> {
    const child = spawnTracked(process.execPath, [cliPath, 'node', 'run', '--dir', ghDir(), ...extra], {
      env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin`, CIRTMESH_LOG_LEVEL: 'info' },
    });
    gh = child;
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    return waitUntil('gh to be running', () => (out.includes('\n') ? (JSON.parse(out.split('\n')[0]) as Endpoint) : undefined), {
      timeoutMs: 60_000,
    });
  }

  async function restartGh(): Promise<void> {
    const running = gh!;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
    ghEndpoint = await startGh();
    await waitUntil(
      'gh to reach africa again',
      async () => (await api<{ link: { up: boolean } }>(ghEndpoint, 'GET', '/api/v1/status')).body.link.up,
      {
        timeoutMs: 30_000,
      },
    );
  }

  beforeAll(async () => {
    mesh = await TestMesh.start();
    copyFileSync(join(federation.dir('africa'), 'section.json'), join(federation.scratch, 'africa.section.early.json'));
  });

  afterAll(async () => {
    if (gh && gh.exitCode === null) {
      gh.kill('SIGTERM');
      await new Promise((resolve) => gh!.once('exit', resolve));
    }
    await mesh?.stop();
  });

  it('joins gh with init node, admit and node run, with nothing restarted, while ng is offline', async () => {
    const pids = [...federation.runners].map(([id, r]) => `${id}:${r.app.pid}:${r.server.pid}`).filter((p) => !p.startsWith('ng:'));
    await federation.halt('ng'); // offline while the directory changes: it catches up when it returns

    const init = await cli(['init', 'node', '--id', 'gh', '--region', 'africa', '--name', 'CERT-GH', '--country', 'GH', '--dir', ghDir()]);
    expect(init).toMatchObject({ code: 0 });
    const bundle = join(federation.scratch, 'gh.bundle.json');
    const admitted = await cli([
      'admit',
      '--hub-dir',
      federation.dir('africa'),
      '--request',
      join(ghDir(), 'join-request.json'),
      '--out',
      bundle,
      '--tier',
      'national',
    ]);
    expect(admitted).toMatchObject({ code: 0, stdout: expect.stringContaining('gh: admitted by africa') });

    gh = spawnTracked(process.execPath, [cliPath, 'node', 'run', '--dir', ghDir(), '--bundle', bundle], {
      env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin`, CIRTMESH_LOG_LEVEL: 'info' },
    });
    let out = '';
    gh.stdout.on('data', (c: Buffer) => (out += c.toString()));
    ghEndpoint = await waitUntil(
      'gh to be running',
      () => (out.includes('\n') ? (JSON.parse(out.split('\n')[0]) as Endpoint) : undefined),
      {
        timeoutMs: 60_000,
      },
    );
    expect(JSON.parse(readFileSync(join(ghDir(), 'node.json'), 'utf8'))).toMatchObject({ id: 'gh', ...ghEndpoint });
    await waitUntil(
      'gh to reach africa',
      async () => (await api<{ link: { up: boolean } }>(ghEndpoint, 'GET', '/api/v1/status')).body.link.up,
      {
        timeoutMs: 30_000,
      },
    );
    await federation.run('ng');
    expect([...federation.runners].map(([id, r]) => `${id}:${r.app.pid}:${r.server.pid}`).filter((p) => !p.startsWith('ng:'))).toEqual(
      pids,
    );
  });

  it("delivers ke's GREEN regional alert to gh, and gh's CLEAR global alert to ng and jp with gh's signature verified", async () => {
    const ke = federation.endpoint('ke');
    const regional = await api<{ id: string }>(ke, 'POST', '/api/v1/alerts', {
      title: 'Phishing kit against regional banks',
      severity: 'high',
      tlp: 'GREEN',
      category: 'phishing',
      scope: 'regional',
    });
    expect(regional.status).toBe(202);
    await waitUntil(
      'gh to hold the regional alert',
      async () => (await api<Stored>(ghEndpoint, 'GET', `/api/v1/alerts/${regional.body.id}`)).status === 200,
      {
        timeoutMs: 30_000,
      },
    );

    const global = await api<{ id: string }>(ghEndpoint, 'POST', '/api/v1/alerts', {
      title: 'Botnet C2 seen from Accra',
      severity: 'medium',
      tlp: 'CLEAR',
      category: 'malware',
      scope: 'global',
    });
    expect(global.status).toBe(202);
    for (const node of ['ng', 'jp']) {
      const stored = await waitUntil(
        `${node} to hold gh's alert`,
        async () => {
          const res = await api<Stored>(federation.endpoint(node), 'GET', `/api/v1/alerts/${global.body.id}`);
          return res.status === 200 ? res.body : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(stored.provenance?.origin).toEqual({ node: 'gh', kid: 'gh-1' });
    }
    const keView = await waitUntil(
      'ke to list gh among the deliveries',
      async () => {
        const res = await api<Stored>(ke, 'GET', `/api/v1/alerts/${regional.body.id}`);
        return res.body.deliveries?.some((d) => d.recipient === 'gh' && d.outcome === 'delivered') ? res.body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(keView.deliveries?.map((d) => d.recipient)).toEqual(expect.arrayContaining(['ng', 'gh']));
  });

  it("rotates gh's key: the hub signs it into the directory, and gh's alerts verify with the new key everywhere", async () => {
    const rotated = await cli(['key', 'rotate', '--dir', ghDir(), '--overlap', '1h']);
    expect(rotated).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('new signing key gh-2, signed into the directory by the hub'),
    });
    await waitUntil(
      'jp to hold the new key',
      () => {
        const directory = JSON.parse(readFileSync(join(federation.dir('jp'), 'directory.json'), 'utf8')) as {
          sections: Array<{ owner: string; members: Array<{ id: string; keys: Array<{ id: string; validUntil?: string }> }> }>;
        };
        const keys = directory.sections.find((s) => s.owner === 'africa')?.members.find((m) => m.id === 'gh')?.keys ?? [];
        return keys.some((k) => k.id === 'gh-2') && keys.find((k) => k.id === 'gh-1')?.validUntil !== undefined;
      },
      { timeoutMs: 30_000 },
    );
    await restartGh();
    const sent = await api<{ id: string }>(ghEndpoint, 'POST', '/api/v1/alerts', {
      title: 'Signed with the new key',
      severity: 'low',
      tlp: 'CLEAR',
      category: 'scanning',
      scope: 'global',
    });
    expect(sent.status).toBe(202);
    const stored = await waitUntil(
      'jp to hold the alert signed with gh-2',
      async () => {
        const res = await api<Stored>(federation.endpoint('jp'), 'GET', `/api/v1/alerts/${sent.body.id}`);
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(stored.provenance?.origin).toEqual({ node: 'gh', kid: 'gh-2' });
  });

  it('refuses a directory section a member sends, and records why', async () => {
    const ke = federation.dir('ke');
    const nc = await connect({
      servers: federation.endpoint('ke').nats,
      authenticator: credsAuthenticator(readFileSync(join(ke, 'nkeys', 'app.creds'))),
      inboxPrefix: Subjects.inboxPrefix('ke'),
    });
    const forged = JSON.parse(readFileSync(join(federation.dir('africa'), 'section.json'), 'utf8')) as { version: number };
    const h = natsHeaders();
    h.set(MeshHeaders.content, DIRECTORY_SECTION_CONTENT);
    await nc
      .jetstream({ domain: 'africa' })
      .publish(Subjects.ingest('africa', 'ke'), Buffer.from(JSON.stringify({ ...forged, version: forged.version + 1 })), { headers: h });
    await nc.close();
    const africa = federation.endpoint('africa');
    const rejected = await waitUntil(
      'africa to record the refusal',
      async () => {
        const res = await api<{ items: Array<{ code: string; error: string }> }>(africa, 'GET', '/api/v1/rejected');
        return res.body.items.find((i) => i.code === 'DIRECTORY_FROM_MEMBER');
      },
      { timeoutMs: 20_000 },
    );
    expect(rejected.error).toContain('ke sent a directory section of africa');
  });

  it('refuses a forged and an out-of-order section from above, records both, and changes nothing', async () => {
    const global = federation.dir('global');
    const nc = await connect({
      servers: federation.endpoint('global').nats,
      authenticator: credsAuthenticator(readFileSync(join(global, 'nkeys', 'app.creds'))),
    });
    type Section = { version: number; members: Array<{ id: string }>; sig: { kid: string; value: string } };
    const held = JSON.parse(readFileSync(join(federation.dir('asia-pacific'), 'section.json'), 'utf8')) as Section;
    const forged = { ...held, version: held.version + 5, members: [...held.members, { ...held.members[0], id: 'intruder' }] };
    const older = JSON.parse(readFileSync(join(federation.dir('asia-pacific'), 'section.json'), 'utf8')) as Section;
    const h = natsHeaders();
    h.set(MeshHeaders.content, DIRECTORY_SECTION_CONTENT);
    const js = nc.jetstream();
    await js.publish(Subjects.deliver('global', 'africa'), Buffer.from(JSON.stringify(forged)), { headers: h, msgID: 'forged-section' });
    // An earlier version of africa's own section, signed by africa (from before gh joined): replayed from above.
    const first = JSON.parse(readFileSync(join(federation.scratch, 'africa.section.early.json'), 'utf8')) as Section;
    await js.publish(Subjects.deliver('global', 'africa'), Buffer.from(JSON.stringify(first)), { headers: h, msgID: 'replayed-section' });
    await nc.close();
    const africa = federation.endpoint('africa');
    const refusals = await waitUntil(
      'africa to record both refusals',
      async () => {
        const res = await api<{ items: Array<{ code: string; error: string }> }>(africa, 'GET', '/api/v1/rejected');
        const codes = res.body.items.map((i) => i.code);
        return codes.includes('BAD_SIGNATURE') && codes.includes('OUT_OF_ORDER') ? res.body.items : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(refusals.find((r) => r.code === 'OUT_OF_ORDER')?.error).toMatch(/section africa v\d+ is older than v\d+/);
    const directory = JSON.parse(readFileSync(join(federation.dir('africa'), 'directory.json'), 'utf8')) as {
      sections: Array<{ owner: string; version: number; members: Array<{ id: string }> }>;
    };
    expect(directory.sections.find((s) => s.owner === 'asia-pacific')).toMatchObject({ version: older.version });
    expect(directory.sections.flatMap((s) => s.members.map((m) => m.id))).not.toContain('intruder');
  });

  it("lets ke's own leaf credentials and certificate reach africa, and nowhere else: each hub trusts only its own operator", async () => {
    const ke = federation.dir('ke');
    const leaf = (hub: string): LeafAttempt => ({
      leafPort: mesh.runner.partyRunner(hub).prepared.ports.leaf!,
      tls: { cert: join(ke, 'tls', 'leaf.pem'), key: join(ke, 'tls', 'leaf.key'), ca: join(ke, 'tls', 'root.pem') },
      creds: join(ke, 'nkeys', 'leaf.creds'),
    });
    const reaches = async (hub: string): Promise<boolean> => {
      const rogue = await RogueLeaf.start(leaf(hub));
      try {
        return await rogue.reachesHub(Subjects.ingest(hub, 'ke'), Subjects.inboxPrefix('ke'));
      } finally {
        await rogue.stop();
      }
    };
    expect(await reaches('africa')).toBe(true);
    expect(await reaches('asia-pacific')).toBe(false);
    expect(await reaches('global')).toBe(false);
  });

  it("keeps each party's secrets in its own directory only", () => {
    const byParty = secretsByParty(federation.parties);
    const demo = mesh.runner.plan.parties.map((p) => p.id);
    expect([...byParty.keys()].sort()).toEqual([...demo, 'authority', 'gh'].sort());
    expect(sharedSecrets(byParty)).toEqual([]);
  });

  it('takes gh out with remove: its link goes down, and an alert that still reaches the hub is refused with the reason', async () => {
    const removed = await cli(['remove', '--hub-dir', federation.dir('africa'), '--member', 'gh', '--reason', 'left the mesh']);
    expect(removed).toMatchObject({ code: 0, stdout: expect.stringContaining('nats-server reloaded') });
    await waitUntil(
      'gh to lose its link',
      async () => !(await api<{ link: { up: boolean } }>(ghEndpoint, 'GET', '/api/v1/status')).body.link.up,
      {
        timeoutMs: 30_000,
      },
    );
    await waitUntil(
      'jp to hold the removal',
      () => {
        const directory = JSON.parse(readFileSync(join(federation.dir('jp'), 'directory.json'), 'utf8')) as {
          sections: Array<{ owner: string; members: Array<{ id: string; removed?: unknown }> }>;
        };
        return directory.sections.find((s) => s.owner === 'africa')?.members.find((m) => m.id === 'gh')?.removed !== undefined;
      },
      { timeoutMs: 30_000 },
    );

    // gh still takes submissions; they wait in its own log. One of them still reaches the hub
    // (as a message already on its way would): the hub's own app user publishes it on gh's subject.
    const late = await api<{ id: string }>(ghEndpoint, 'POST', '/api/v1/alerts', {
      title: 'Sent after the removal',
      severity: 'low',
      tlp: 'CLEAR',
      category: 'scanning',
      scope: 'global',
    });
    expect(late.status).toBe(202);
    const ghNats = await connect({
      servers: ghEndpoint.nats,
      authenticator: credsAuthenticator(readFileSync(join(ghDir(), 'nkeys', 'app.creds'))),
    });
    const signed = await (
      await ghNats.jetstreamManager()
    ).streams.getMessage(Streams.alerts, { last_by_subj: Subjects.nodeSentMesh('gh') });
    await ghNats.close();
    const africa = federation.dir('africa');
    const nc = await connect({
      servers: federation.endpoint('africa').nats,
      authenticator: credsAuthenticator(readFileSync(join(africa, 'nkeys', 'app.creds'))),
    });
    const h = natsHeaders();
    h.set(MeshHeaders.hopLimit, '4');
    await nc.jetstream().publish(Subjects.ingest('africa', 'gh'), signed.data, { headers: h, msgID: late.body.id });
    await nc.close();
    const rejected = await waitUntil(
      'africa to refuse what gh sent after its removal',
      async () => {
        const res = await api<{ items: Array<{ subject: string; code: string; error: string }> }>(
          federation.endpoint('africa'),
          'GET',
          '/api/v1/rejected',
        );
        return res.body.items.find((i) => i.subject === 'mesh.ingest.africa.gh');
      },
      { timeoutMs: 20_000 },
    );
    expect(rejected.code).toMatch(/NOT_A_MEMBER|UNKNOWN_ORIGIN/);
  });
});
