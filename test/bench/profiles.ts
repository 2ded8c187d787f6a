import type { TestMesh } from '@cirtmesh/testing';
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Every process of the mesh, apps and nats-servers, by name: the bench driver is not one of them. */
export function meshPids(mesh: TestMesh): Map<string, number> {
  const pids = new Map<string, number>();
  for (const [id, p] of mesh.runner.apps) if (p.pid !== undefined) pids.set(id, p.pid);
  for (const [id, p] of mesh.runner.servers) if (p.pid !== undefined) pids.set(`${id}-nats`, p.pid);
  return pids;
}

/** Names each app's profile after its party (Node names them after the pid). */
export function nameProfiles(dir: string, pids: Map<string, number>): void {
  const names = new Map([...pids].map(([name, pid]) => [String(pid), name]));
  for (const file of readdirSync(dir)) {
    const pid = /^CPU\.[^.]+\.[^.]+\.(\d+)\./.exec(file)?.[1];
    const name = pid && names.get(pid);
    if (name) renameSync(join(dir, file), join(dir, `${name}.cpuprofile`));
  }
  console.log(`CPU profiles in ${dir}: npm run bench:profile -- ${dir}`);
}
