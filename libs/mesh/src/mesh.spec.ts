import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeshDirectory } from './directory';
import { MeshSpecError, parseMeshSpec } from './mesh-spec';

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
