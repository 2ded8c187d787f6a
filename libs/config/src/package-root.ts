import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory of the cirtmesh package.json at or above `from`. */
export function packageRoot(from: string): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'cirtmesh') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the cirtmesh package root above ${from}`);
    dir = up;
  }
}
