import { loadMeshSpec, MeshDirectory } from '@cirtmesh/mesh';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintMeshPolicies } from './policy-lint';

const deploy = join(__dirname, '../../../deploy');

describe(lintMeshPolicies.name, () => {
  let dir: string;
  const lint = () => {
    const mesh = join(dir, 'mesh.demo.yaml');
    return lintMeshPolicies(mesh, new MeshDirectory(loadMeshSpec(mesh))).map(
      (f) => `${f.level}: ${f.file.slice(dir.length + 1)}: ${f.message}`,
    );
  };
  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-lint-'));
    cpSync(deploy, dir, { recursive: true });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing wrong with the demo policies', () => {
    expect(lint()).toEqual([]);
  });

  it('names members left out, tiers nobody uses, and rules that can never match or deny everyone', () => {
    edit('policies/africa.yaml', (t) =>
      t
        .replace('  - { id: za, kind: national, tier: national, contact: csirt@za-cert.example }\n', '')
        .replace('  hub:\n    description: The global tier.', '  unused:\n    maxTlp: CLEAR\n  hub:\n    description: The global tier.')
        .replace(
          '    only: { tiers: [national] }',
          '    only: { tiers: [national] }\n  - id: never\n    when: { scope: [national] }\n    only: { kinds: [academic] }',
        ),
    );
    expect(lint()).toEqual([
      'warning: policies/africa.yaml: members: za is not listed, so this hub refuses it everything',
      'warning: policies/africa.yaml: tiers.unused: no member uses this tier',
      'warning: policies/africa.yaml: rules.never: can never match: scope national never reaches a hub',
      'warning: policies/africa.yaml: rules.never: no member fits "only", so every alert it matches is refused to everyone',
    ]);
  });

  it('finds a sharing group that hubs on its path resolve differently, or not at all', () => {
    edit('policies/asia-pacific.yaml', (t) => t.replace('members: [ke, jp]', 'members: [ke, jp, my]'));
    edit('policies/global.yaml', (t) => t.replace(/groups:[\s\S]*$/, ''));
    expect(lint()).toEqual([
      "error: policies/asia-pacific.yaml: groups.mou-ke-jp: members jp, ke, my differ from hub africa's jp, ke",
      'error: policies/global.yaml: groups.mou-ke-jp: not defined here, so members reached through hub global can never get it',
    ]);
  });

  it('reports unknown members and broken files as errors with their paths', () => {
    edit('policies/africa.yaml', (t) => t.replace('members: [ke, jp]', 'members: [ke, jp, xx]').replace('maxTlp: GREEN', 'maxTlp: PURPLE'));
    const found = lint();
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^error: policies\/africa\.yaml: tiers\.sector\.maxTlp: /)]));
  });
});
