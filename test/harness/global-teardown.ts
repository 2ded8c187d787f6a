import { rmSync } from 'node:fs';
import {
  describeProcess,
  isAlive,
  recordedLeaks,
  RUN_DIR_VARIABLE,
  stopProcesses,
  trackedProcesses,
} from '../../libs/testing/src/processes';

/** How long the run may take to exit once the last test is done, before it is failed. */
const EXIT_GRACE_MS = 30_000;

/**
 * Fails the run if any process a test started was left running: names each one and the suite and
 * test that started it, then stops them. A run never hangs on what the tests left open.
 */
export default async function globalTeardown(): Promise<void> {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir) return;
  const alive = trackedProcesses(runDir).filter(isAlive);
  const leaks = [...recordedLeaks(runDir), ...alive];
  const exitTimer = setTimeout(() => {
    process.stderr.write(
      `cirtmesh: the tests are done but something they opened keeps jest running after ${EXIT_GRACE_MS / 1000} s ` +
        '(a connection, a server or a timer left open; find it with --detectOpenHandles): failing the run\n',
    );
    process.exit(1);
  }, EXIT_GRACE_MS);
  exitTimer.unref();
  if (leaks.length === 0) {
    rmSync(runDir, { recursive: true, force: true });
    return;
  }
  const list = leaks.map((entry) => `  ${describeProcess(entry)}`).join('\n');
  process.stderr.write(`\ncirtmesh: the tests left ${leaks.length} process(es) running:\n${list}\n`);
  await stopProcesses(alive);
  rmSync(runDir, { recursive: true, force: true });
  const error = new Error(
    `cirtmesh: the tests left ${leaks.length} process(es) running (stopped now):\n${list}\n` +
      'Every process a test starts must be stopped by its own suite, also when its setup fails halfway.',
  );
  error.stack = error.message;
  throw error;
}
