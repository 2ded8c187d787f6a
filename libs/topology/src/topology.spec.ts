import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeshDirectory } from './directory';
import { MeshSpecError, parseMeshSpec } from './mesh-spec';
import { memberPermissions, renderNatsConfig } from './nats-config';
import { planMesh, portCount } from './plan';

const demo = parseMeshSpec(parse(readFileSync(join(__dirname, '../../../deploy/mesh.demo.yaml'), 'utf8')));

describe(parseMeshSpec.name, () => {
  it('reads the demo mesh', () => {
    const dir = new MeshDirectory(demo);
    expect(dir.regions()).toEqual(['africa', 'asia-pacific']);
    expect(dir.membersOf('africa')).toEqual(['ke', 'ng', 'za', 'ke-fin']);
    expect(dir.membersOf('global')).toEqual(['africa', 'asia-pacific']);
    expect(dir.parentOf('jp')).toBe('asia-pacific');
    expect(dir.parentOf('asia-pacific')).toBe('global');
  });

  it('names every problem with its path', () => {
    const bad = { name: 'x', global: { id: 'global' }, regions: [{ id: 'Africa!', nodes: [{ id: 'ke', country: 'kenya' }] }], extra: 1 };
    try {
      parseMeshSpec(bad, 'bad.yaml');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(MeshSpecError);
      const problems = (error as MeshSpecError).problems.join('\n');
      expect(problems).toMatch(/regions\.0\.id/);
      expect(problems).toMatch(/regions\.0\.nodes\.0\.country/);
      expect(problems).toMatch(/extra/);
    }
  });

  it('refuses an id used twice', () => {
    const dup = { name: 'x', global: { id: 'global' }, regions: [{ id: 'ke', nodes: [{ id: 'ke', country: 'KE' }] }] };
    expect(() => parseMeshSpec(dup)).toThrow(/"ke" is used by both/);
  });
});

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

  it('renders a leaf remote for members and leaf users for hubs', () => {
    const ke = renderNatsConfig(plan.servers.find((s) => s.id === 'ke')!);
    expect(ke).toMatch(/domain: "ke"/);
    expect(ke).toMatch(/remotes: \[/);
    expect(ke).not.toMatch(/listen: "127\.0\.0\.1:\d+"\n\s*authorization/);
    const africa = renderNatsConfig(plan.servers.find((s) => s.id === 'africa')!);
    for (const member of ['ke', 'ng', 'za', 'ke-fin']) expect(africa).toContain(`user: "CN=${member}"`);
    expect(africa.match(/password:/g)).toHaveLength(1);
    expect(africa).toMatch(/verify_and_map: true/);
    expect(ke).toMatch(/url: "tls:\/\/127\.0\.0\.1:\d+"/);
    expect(africa).toMatch(/remotes: \[/);
    const global = renderNatsConfig(plan.servers.find((s) => s.id === 'global')!);
    expect(global).not.toMatch(/remotes/);
  });
});

describe(memberPermissions.name, () => {
  it('lets a member publish only its own ingest subject and read only its own consumer', () => {
    const perms = memberPermissions('africa', 'ke');
    expect(perms.publish).toContain('mesh.ingest.africa.ke');
    expect(perms.publish.some((s) => s.includes('.ng'))).toBe(false);
    expect(perms.publish.some((s) => s.includes('CONSUMER.CREATE') || s.includes('STREAM.'))).toBe(false);
    expect(perms.subscribe).toEqual(['_INBOX_ke.>']);
  });
});
