import { DEMO_MESH } from '@cirtmesh/testing';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The critical lane's cap in the bench's hubs: jp's 100 critical alerts in 20 s fit under it. */
export const BENCH_CRITICAL_LANE = { burst: 120, perMinute: 600 };

/**
 * The demo mesh as the bench runs it: the same parties and policies, but every hub lets an origin
 * send BENCH_CRITICAL_LANE critical alerts in their lane instead of the default 60 a minute, so the
 * lane round measures the lane, not the cap (over the cap, critical alerts go in the bulk lane).
 */
export function benchMeshFile(): { meshFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cirtmesh-bench-mesh-'));
  const source = dirname(DEMO_MESH);
  cpSync(DEMO_MESH, join(dir, 'mesh.yaml'));
  cpSync(join(source, 'policies'), join(dir, 'policies'), { recursive: true });
  const { burst, perMinute } = BENCH_CRITICAL_LANE;
  for (const hub of ['global', 'africa', 'asia-pacific']) {
    appendFileSync(join(dir, 'policies', `${hub}.yaml`), `\ncriticalLane: { burst: ${burst}, perMinute: ${perMinute} }\n`);
  }
  return { meshFile: join(dir, 'mesh.yaml'), dir };
}
