import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every process a test starts is owned by the test run: one file per process in the run's
 * directory, which jest's global setup makes and names in `CIRTMESH_TEST_RUN`. A suite's end, the
 * global teardown and an interrupted run read those files to stop what is still alive, and to name
 * the suite and the test that left it behind.
 *
 * This file imports nothing of ours: jest loads the harness in `test/harness` outside its module map.
 */
export interface TrackedProcess {
  pid: number;
  name: string;
  /** A process group leader: stopping it stops the whole group, e.g. a CLI and the mesh it runs. */
  group: boolean;
  /** The test file that started it, relative to the repository. */
  suite: string;
  /** The test that was running, if any. */
  test?: string;
  /** The kernel's start time of the process, so that a reused pid is not taken for it. */
  startTime?: string;
}

export const RUN_DIR_VARIABLE = 'CIRTMESH_TEST_RUN';
/** The global a test file's environment sets to the file's path. */
export const SUITE_GLOBAL = '__cirtmeshTestFile';

const procsDir = (runDir: string): string => join(runDir, 'procs');
const leaksDir = (runDir: string): string => join(runDir, 'leaks');

export function testRunDir(): string | undefined {
  return process.env[RUN_DIR_VARIABLE] || undefined;
}

/** A new temporary directory, inside the run's own when there is a run: an interrupted run removes it too. */
export function testTempDir(prefix: string): string {
  const runDir = testRunDir();
  const parent = runDir ? join(runDir, 'tmp') : tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, prefix));
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function currentTest(): { suite: string; test?: string } {
  const scope = globalThis as { [SUITE_GLOBAL]?: string; expect?: { getState?: () => { currentTestName?: string } } };
  return { suite: scope[SUITE_GLOBAL] ?? 'outside any test file', test: scope.expect?.getState?.().currentTestName };
}

/** Registers a process with the test run; a no-op outside a run (a benchmark, say). */
export function trackProcess(pid: number, name: string, group = false): void {
  const runDir = testRunDir();
  if (!runDir) return;
  mkdirSync(procsDir(runDir), { recursive: true });
  const entry: TrackedProcess = { pid, name, group, ...currentTest(), startTime: startTimeOf(pid) };
  writeFileSync(join(procsDir(runDir), `${pid}.json`), JSON.stringify(entry));
}

export function untrackProcess(pid: number): void {
  const runDir = testRunDir();
  if (runDir) rmSync(join(procsDir(runDir), `${pid}.json`), { force: true });
}

/** The observer to hand a `ManagedProcess` or a `MeshRunner` in tests. */
export const testProcesses = {
  started: (pid: number, name: string): void => trackProcess(pid, name),
  exited: (pid: number): void => untrackProcess(pid),
};

function readEntries(dir: string): TrackedProcess[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(join(dir, file), 'utf8')) as TrackedProcess];
    } catch {
      return []; // removed while we read
    }
  });
}

export function trackedProcesses(runDir: string): TrackedProcess[] {
  return readEntries(procsDir(runDir));
}

/** Whether the process, or for a group any process in it, is still there. */
export function isAlive(entry: TrackedProcess): boolean {
  try {
    process.kill(entry.group ? -entry.pid : entry.pid, 0);
  } catch {
    return false;
  }
  if (entry.group || entry.startTime === undefined) return true;
  const now = startTimeOf(entry.pid);
  return now === undefined || now === entry.startTime;
}

function signal(entry: TrackedProcess, name: NodeJS.Signals): void {
  try {
    process.kill(entry.group ? -entry.pid : entry.pid, name);
  } catch {
    // gone already
  }
}

/** SIGKILL at once, synchronously: for a run that is being interrupted. */
export function killNow(entries: TrackedProcess[]): void {
  for (const entry of entries) if (isAlive(entry)) signal(entry, 'SIGKILL');
}

/** SIGTERM, then SIGKILL for whatever is still there after `graceMs`; waits until they are gone. */
export async function stopProcesses(entries: TrackedProcess[], graceMs = 5_000): Promise<void> {
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  for (const entry of entries) signal(entry, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (entries.some(isAlive) && Date.now() < deadline) await pause(50);
  killNow(entries);
  const killed = Date.now() + 5_000;
  while (entries.some(isAlive) && Date.now() < killed) await pause(50);
}

/** Records a process its suite left running; the global teardown fails the run with it. */
export function recordLeak(runDir: string, entry: TrackedProcess): void {
  mkdirSync(leaksDir(runDir), { recursive: true });
  writeFileSync(join(leaksDir(runDir), `${entry.pid}.json`), JSON.stringify(entry));
}

export function recordedLeaks(runDir: string): TrackedProcess[] {
  return readEntries(leaksDir(runDir));
}

export function forget(runDir: string, entry: TrackedProcess): void {
  rmSync(join(procsDir(runDir), `${entry.pid}.json`), { force: true });
}

export function describeProcess(entry: TrackedProcess): string {
  const what = `${entry.name} (pid ${entry.pid}${entry.group ? ', and its process group' : ''})`;
  return `${what}, started by ${entry.suite}${entry.test ? `, test "${entry.test}"` : ''}`;
}
