import { packageRoot } from '@cirtmesh/config';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const found = new Map<string, string>();

/**
 * Where a system prerequisite is, found exactly as the preflight finds it (`scripts/prereqs
 * --which`): the variable that names it, else the PATH, else the system sbin directories. Throws
 * the preflight's own one-line message when it is missing.
 */
export function systemProgram(program: 'nats-server' | 'chromium' | 'openssl' | 'prometheus' | 'promtool'): string {
  const known = found.get(program);
  if (known) return known;
  let path: string;
  try {
    path = execFileSync(join(packageRoot(__dirname), 'scripts', 'prereqs'), ['--which', program], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || `cirtmesh: cannot find ${program}`);
  }
  found.set(program, path);
  return path;
}

/** The nats-server the tests start (`NATS_SERVER_BIN`, the PATH or the sbin directories). */
export function natsServerBinary(): string {
  return systemProgram('nats-server');
}

/** A MongoDB server for the archive's contract suite, when one is available. */
export function mongoUri(): string | undefined {
  return process.env.MONGODB_URI || undefined;
}

/**
 * `CIRTMESH_BENCH_PROFILE`: a directory where each app of a benchmarked mesh writes a V8 CPU
 * profile when it stops (Node's `--cpu-prof`); unset, nothing is profiled.
 */
export function benchProfileDir(): string | undefined {
  return process.env.CIRTMESH_BENCH_PROFILE || undefined;
}
