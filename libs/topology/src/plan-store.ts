import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMeshSpec } from '@cirtmesh/mesh';
import { planMesh, planSecrets, type MeshPlan } from './plan';

/** What a generated mesh directory was made from, so later commands rebuild the same plan. */
interface Layout {
  meshFile: string;
  basePort: number;
}

const layoutPath = (dir: string): string => join(dir, 'layout.json');

/**
 * Plans a mesh into `dir`, keeping the secrets of an earlier plan there (`secrets.json`), and
 * records the mesh file and ports (`layout.json`).
 */
export function storePlan(dir: string, meshFile: string, basePort: number): MeshPlan {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const secretsPath = join(root, 'secrets.json');
  const secrets = existsSync(secretsPath) ? (JSON.parse(readFileSync(secretsPath, 'utf8')) as Record<string, string>) : {};
  const mesh = resolve(meshFile);
  const plan = planMesh(loadMeshSpec(mesh), { dir: root, meshFile: mesh, basePort, secrets });
  writeFileSync(secretsPath, JSON.stringify(planSecrets(plan), null, 2), { mode: 0o600 });
  const layout: Layout = { meshFile: mesh, basePort };
  writeFileSync(layoutPath(root), JSON.stringify(layout, null, 2) + '\n');
  return plan;
}

/** The plan of a mesh directory written earlier by `cirtmesh demo` or `cirtmesh generate`. */
export function loadStoredPlan(dir: string): MeshPlan {
  const root = resolve(dir);
  if (!existsSync(layoutPath(root))) {
    throw new Error(
      `${root} holds no generated mesh (run "cirtmesh generate" first). In a federation, such as the demo, ` +
        'each hub does this from its own directory: use --hub-dir (for the demo, --hub-dir .demo/parties/<hub>)',
    );
  }
  const layout = JSON.parse(readFileSync(layoutPath(root), 'utf8')) as Layout;
  return storePlan(root, layout.meshFile, layout.basePort);
}
