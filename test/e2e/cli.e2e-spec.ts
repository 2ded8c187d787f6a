import { freePortBlock, natsServerBinary, portOpen, spawnTracked, waitUntil } from '@cirtmesh/testing';
import { loadMeshSpec } from '@cirtmesh/mesh';
import { packageRoot } from '@cirtmesh/config';
import { portCount, testNatsConfig } from '@cirtmesh/topology';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decode } from 'nats-jwt';
import { secretsByParty, sharedSecrets } from './party-secrets';

const root = packageRoot(__dirname);
const cli = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
const meshFile = join(root, 'deploy', 'mesh.demo.yaml');
const run = promisify(execFile);

describe('the cirtmesh CLI', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-cli-'));
    dirs.push(dir);
    return dir;
  };

  /** A directory with the demo mesh generated into it (not checked by nats-server). */
  const generated = async (): Promise<string> => {
    const out = tempDir();
    await run(process.execPath, [cli, 'generate', '--mesh', meshFile, '--out', out], {
      env: { PATH: process.env.PATH, NATS_SERVER_BIN: '/nonexistent' },
    });
    return out;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('generates a nats-server config per party that nats-server accepts', async () => {
    const out = tempDir();
    const { stdout } = await run(process.execPath, [cli, 'generate', '--mesh', meshFile, '--out', out], {
      env: { PATH: process.env.PATH, NATS_SERVER_BIN: natsServerBinary() },
    });
    expect(stdout).toMatch(/accepts every config/);
    const configs = readdirSync(join(out, 'nats'));
    expect(configs.sort()).toEqual(
      ['africa', 'asia-pacific', 'global', 'id', 'jp', 'ke', 'ke-fin', 'my', 'ng', 'za'].map((id) => `${id}.conf`).sort(),
    );
    for (const file of configs) expect(await testNatsConfig(natsServerBinary(), join(out, 'nats', file))).toBeUndefined();
    expect(readFileSync(join(out, 'env', 'ke.env'), 'utf8')).toMatch(/^CIRTMESH_NODE_ID=ke$/m);
  });

  it('checks the demo policies and explains a decision from files', async () => {
    const check = await run(process.execPath, [cli, 'policy', 'check', '--mesh', meshFile]);
    expect(check.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    const alertJson = JSON.stringify({
      title: 'x',
      category: 'phishing',
      severity: 'low',
      tlp: 'AMBER',
      groups: ['mou-ke-jp'],
      scope: 'global',
    });
    const explain = await run(process.execPath, [
      cli,
      'policy',
      'explain',
      '--mesh',
      meshFile,
      '--hub',
      'asia-pacific',
      '--origin',
      'ke',
      '--recipient',
      'jp',
      '--alert',
      alertJson,
      '--json',
    ]);
    expect(JSON.parse(explain.stdout)).toMatchObject({
      hub: 'asia-pacific',
      decision: { verdict: 'deliver', reasons: [{ code: 'tlp-named' }, { code: 'tier-allows' }] },
    });
    const refused = await run(process.execPath, [
      cli,
      'policy',
      'explain',
      '--mesh',
      meshFile,
      '--hub',
      'asia-pacific',
      '--origin',
      'ke',
      '--recipient',
      'my',
      '--alert',
      alertJson,
    ]);
    expect(refused.stdout).toMatch(/^REFUSE: ke -> my at hub asia-pacific/);
    expect(refused.stdout).toMatch(/tlp-not-named/);
  });

  it('rotates a key with an overlap window, and revokes one', async () => {
    const out = await generated();
    const rotated = await run(process.execPath, [cli, 'key', 'rotate', '--dir', out, '--party', 'ke', '--overlap', '2h']);
    expect(rotated.stdout).toMatch(/ke: new signing key ke-2; ke-1 stays valid for 2h/);
    const keyring = readFileSync(join(out, 'keys', 'keyring.yaml'), 'utf8');
    expect(keyring).toMatch(/id: ke-1[\s\S]*validUntil/);
    expect(keyring).toMatch(/id: ke-2/);
    await run(process.execPath, [cli, 'key', 'revoke', '--dir', out, '--party', 'ke', '--kid', 'ke-1']);
    expect(readFileSync(join(out, 'keys', 'keyring.yaml'), 'utf8')).toMatch(/id: ke-1[\s\S]*revoked: true/);
  });

  it("revokes a member's leaf credentials in its hub's config, and names an unknown member", async () => {
    const out = await generated();
    const before = readFileSync(join(out, 'nats', 'africa.conf'), 'utf8');
    const { stdout } = await run(process.execPath, [cli, 'link', 'revoke', '--dir', out, '--member', 'ke']);
    expect(stdout).toMatch(/ke: leaf credentials revoked at hub africa/);
    expect(stdout).toMatch(/not running here/);
    const after = readFileSync(join(out, 'nats', 'africa.conf'), 'utf8');
    const revocations = (config: string): string[] => {
      const jwts = [...config.matchAll(/"(eyJ[^"]+)"/g)].map((m) => decode<{ revocations?: Record<string, number> }>(m[1]));
      return jwts.flatMap((j) => Object.keys(j.nats.revocations ?? {}));
    };
    expect(revocations(before)).toEqual([]);
    const keUser = decode(readFileSync(join(out, 'nkeys', 'ke.leaf.creds'), 'utf8').split('\n')[1]).sub;
    expect(revocations(after)).toEqual([keUser]);
    expect(await testNatsConfig(natsServerBinary(), join(out, 'nats', 'africa.conf'))).toBeUndefined();
    await expect(run(process.execPath, [cli, 'link', 'revoke', '--dir', out, '--member', 'atlantis'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^cirtmesh: "atlantis" is not a member of any hub in this mesh\n$/),
    });
  });

  it('says how to install nats-server when it is missing', async () => {
    const result = await run(process.execPath, [cli, 'demo', '--mesh', meshFile, '--dir', tempDir()], {
      env: { PATH: process.env.PATH, NATS_SERVER_BIN: '/nonexistent/nats-server' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/apt-get install nats-server/) });
  });

  it('runs the demo mesh as a federation, writes its manifest, and stops every process on SIGINT', async () => {
    const dir = tempDir();
    const manifestIds: string[] = [];
    const basePort = await freePortBlock(portCount(loadMeshSpec(meshFile)));
    const child = spawnTracked(process.execPath, [cli, 'demo', '--mesh', meshFile, '--dir', dir], {
      env: { PATH: process.env.PATH, NATS_SERVER_BIN: natsServerBinary(), MESH_BASE_PORT: String(basePort) },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntil('the demo to be ready', () => output.includes('press Ctrl-C'), { timeoutMs: 60_000, intervalMs: 100 });
      expect(output).toMatch(/^ke\s+node\s+africa\s+http:\/\/127\.0\.0\.1:\d+\s+nats:\/\/127\.0\.0\.1:\d+\s+\S{16,}$/m);
      const manifest = JSON.parse(readFileSync(join(dir, 'mesh.json'), 'utf8')) as {
        nodes: Array<{ id: string; api: string; token: string; nats: string }>;
        hubs: Array<{ id: string; role: string }>;
      };
      expect(manifest.nodes.map((n) => n.id)).toEqual(['ke', 'ng', 'za', 'ke-fin', 'jp', 'my', 'id']);
      expect(manifest.hubs.map((h) => [h.id, h.role])).toEqual([
        ['global', 'global'],
        ['africa', 'regional'],
        ['asia-pacific', 'regional'],
      ]);
      manifestIds.push(...manifest.nodes.map((n) => n.id), ...manifest.hubs.map((h) => h.id));
      const ke = manifest.nodes[0];
      expect(ke.nats).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${ke.api}/api/v1/alerts`, { headers: { authorization: `Bearer ${ke.token}` } })).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      // A failed step above must not leave the demo running.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    }
    for (let port = basePort; port < basePort + portCount(loadMeshSpec(meshFile)); port += 1) expect(await portOpen(port)).toBe(false);
    expect(existsSync(join(dir, 'parties', 'ke', 'logs', 'node.log'))).toBe(true);
    // Every party was founded in its own directory: none holds another's private key.
    const secrets = secretsByParty(join(dir, 'parties'));
    expect([...secrets.keys()].sort()).toEqual([...manifestIds, 'authority'].sort());
    expect(sharedSecrets(secrets)).toEqual([]);
  });
});
