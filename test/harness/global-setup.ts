import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProcess, isAlive, killNow, RUN_DIR_VARIABLE, stopProcesses, trackedProcesses } from '../../libs/testing/src/processes';

/**
 * Makes the run's directory, where every process a test starts is registered, and stops them all
 * when the run is interrupted (SIGINT or SIGTERM to jest).
 */
export default function globalSetup(): void {
  const runDir = mkdtempSync(join(tmpdir(), 'cirtmesh-test-run-'));
  process.env[RUN_DIR_VARIABLE] = runDir;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const alive = trackedProcesses(runDir).filter(isAlive);
    const code = 128 + (signal === 'SIGINT' ? 2 : 15);
    if (stopping) {
      killNow(alive);
      process.exit(code);
    }
    stopping = true;
    process.stderr.write(`\ncirtmesh: test run interrupted by ${signal}; stopping ${alive.length} process(es) the tests started\n`);
    for (const entry of alive) process.stderr.write(`  ${describeProcess(entry)}\n`);
    void stopProcesses(alive, 3_000).finally(() => {
      rmSync(runDir, { recursive: true, force: true });
      process.exit(code);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
