import { parse } from 'yaml';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, parseCreds } from 'nats-jwt';
import { parseMeshSpec } from '@cirtmesh/mesh';
import { serverAuth } from './generate';
import { ensureMeshAuth, leafCredsPath, memberPermissions, revokeLeafUser } from './nats-auth';
import { renderNatsConfig } from './nats-config';
import { planMesh, portCount } from './plan';

const demo = parseMeshSpec(parse(readFileSync(join(__dirname, '../../../deploy/mesh.demo.yaml'), 'utf8')));

describe(planMesh.name, () => {
  const plan = planMesh(demo, { dir: '/tmp/mesh', meshFile: 'mesh.yaml', basePort: 30000 });

  it('gives every server and app distinct ports inside the reserved block', () => {
    const ports = [
      ...plan.servers.flatMap((s) => [s.clientPort, s.leafPort].filter((p) => p !== undefined)),
      ...plan.parties.map((p) => p.httpPort),
    ];
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.max(...ports)).toBeLessThan(30000 + portCount(demo));
  });

  it('keeps the secrets it is given', () => {
    const again = planMesh(demo, {
      dir: '/tmp/mesh',
      meshFile: 'mesh.yaml',
      basePort: 30000,
      secrets: { 'api:ke': 'kept-token-kept-token' },
    });
    expect(again.parties.find((p) => p.id === 'ke')?.apiToken).toBe('kept-token-kept-token');
  });

  it('renders operator-mode configs: a leaf remote with its own creds, no password anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-auth-'));
    try {
      const auth = await ensureMeshAuth(
        dir,
        plan.parties.map((p) => ({ id: p.id, parent: p.parent })),
      );
      const render = (id: string): string =>
        renderNatsConfig(
          plan.servers.find((s) => s.id === id)!,
          serverAuth(auth, id),
        );
      const ke = render('ke');
      expect(ke).toMatch(/domain: "ke"/);
      expect(ke).toMatch(/remotes: \[/);
      expect(ke).toContain(`credentials: ${JSON.stringify(leafCredsPath(dir, 'ke'))}`);
      expect(ke).toMatch(/url: "tls:\/\/127\.0\.0\.1:\d+"/);
      const africa = render('africa');
      expect(africa).toMatch(/verify: true/);
      expect(africa).toContain(auth.parties.get('africa')!.account.id);
      expect(africa).not.toContain(auth.parties.get('asia-pacific')!.account.id);
      for (const config of [ke, africa]) expect(config).not.toMatch(/password|token|user:/);
      expect(render('global')).not.toMatch(/remotes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("issues each member a leaf JWT signed by its own hub's account, with its permissions", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-auth-'));
    try {
      const auth = await ensureMeshAuth(dir, [{ id: 'africa' }, { id: 'ke', parent: 'africa' }]);
      const creds = readFileSync(leafCredsPath(dir, 'ke'));
      const { uc, aid } = await parseCreds(creds);
      expect(aid).toBe(auth.parties.get('africa')!.account.id);
      expect(uc.nats.allowed_connection_types).toEqual(['LEAFNODE']);
      expect(uc.nats.pub?.allow).toEqual(memberPermissions('africa', 'ke').publish);
      expect(uc.nats.sub?.allow).toEqual(['_INBOX_ke.>', 'mesh.state.africa']);
      // Keys are made once: a second call signs with the same keys.
      const again = await ensureMeshAuth(dir, [{ id: 'africa' }, { id: 'ke', parent: 'africa' }]);
      expect(again.parties.get('africa')!.account.id).toBe(auth.parties.get('africa')!.account.id);
      revokeLeafUser(dir, 'africa', 'ke');
      const revoked = await ensureMeshAuth(dir, [{ id: 'africa' }, { id: 'ke', parent: 'africa' }]);
      const account = decode<{ revocations?: Record<string, number> }>(revoked.parties.get('africa')!.account.jwt);
      expect(Object.keys(account.nats.revocations ?? {})).toEqual([uc.sub]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(memberPermissions.name, () => {
  it('lets a member publish only its own ingest subject and read only its own consumer', () => {
    const perms = memberPermissions('africa', 'ke');
    expect(perms.publish).toContain('mesh.ingest.africa.ke');
    expect(perms.publish.some((s) => s.includes('.ng'))).toBe(false);
    expect(perms.publish.some((s) => s.includes('CONSUMER.CREATE') || s.includes('STREAM.'))).toBe(false);
    expect(perms.subscribe).toEqual(['_INBOX_ke.>', 'mesh.state.africa']);
  });
});
