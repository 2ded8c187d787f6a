import { spawnTracked, testTempDir, waitUntil } from '@cirtmesh/testing';
import { packageRoot } from '@cirtmesh/config';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = packageRoot(__dirname);
const prereqs = join(root, 'scripts', 'prereqs');
const run = promisify(execFile);

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** A run of the harness's own jest config on some fixture files, in a child process. */
function jest(files: string[], env: Record<string, string> = {}): { done: Promise<Outcome>; output: () => string; pid: number } {
  const child = spawnTracked(
    process.execPath,
    [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', 'test/harness/fixtures/jest.config.js', '--runInBand', ...files],
    { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<Outcome>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, output })));
  return { done, output: () => output, pid: child.pid! };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids a run's report names: "nats-server (pid 123)". */
const namedPids = (output: string): number[] => [...output.matchAll(/\(pid (\d+)/g)].map((m) => Number(m[1]));

/** Processes of the kinds the tests start (servers, apps, browsers), as `ps` lists them. */
function testProcessesNow(): Map<number, string> {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const found = new Map<number, string>();
  for (const line of lines) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match && /nats-server -c|chromium|dist\/apps\//.test(match[2])) found.set(Number(match[1]), match[2]);
  }
  return found;
}

/**
 * The test run's own rules, tried on fixture suites that misbehave on purpose: the preflight, the
 * process owner that stops what a suite leaves behind and fails the run with it, the file limit,
 * and an interrupted run.
 */
describe('the test harness', () => {
  describe('preflight', () => {
    it('names a missing program with the command that installs it, and exits 1', async () => {
      const result = await run(prereqs, ['--for', 'test'], { env: { ...process.env, CHROMIUM_BIN: '/nonexistent/chromium' } }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result).toMatchObject({
        code: 1,
        stderr:
          'cirtmesh: missing chromium (tests only): CHROMIUM_BIN=/nonexistent/chromium is not an executable (fix or unset it); ' +
          'sudo apt-get install -y chromium\n',
      });
    });

    it('does not ask the demo for what only the tests need', async () => {
      const { stderr } = await run(prereqs, ['--for', 'demo'], { env: { ...process.env, CHROMIUM_BIN: '/nonexistent/chromium' } });
      expect(stderr).toBe('');
    });

    it('stops npm test before the build and before any test when a program is missing', async () => {
      const npm = process.env.npm_execpath;
      const [command, args] = npm ? [process.execPath, [npm, 'test']] : ['npm', ['test']];
      const result = await run(command, args, {
        cwd: root,
        env: { ...process.env, CHROMIUM_BIN: '/nonexistent/chromium', CIRTMESH_SKIP_PREFLIGHT: '' },
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(result).toMatchObject({ code: 1 });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(output).toContain('cirtmesh: missing chromium (tests only):');
      expect(output).toContain('sudo apt-get install -y chromium');
      expect(output).not.toMatch(/> cirtmesh@[^ ]+ build/); // the build never started
      expect(output).not.toMatch(/^(PASS|FAIL) /m);
    });

    it('is the list the README tells a new user to install', async () => {
      const { stdout } = await run(prereqs, ['--packages']);
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(readme).toContain(`sudo apt-get install -y ${stdout.trim()}`);
    });
  });

  it('fails the run naming a process a suite left running, and stops it', async () => {
    const result = await jest(['test/harness/fixtures/leak.fixture.ts', 'test/harness/fixtures/pass.fixture.ts']).done;
    expect(result.code).toBe(1);
    expect(result.output).toContain('cirtmesh: the tests left 1 process(es) running');
    expect(result.output).toMatch(
      /nats-server \(pid \d+\), started by test\/harness\/fixtures\/leak\.fixture\.ts, test "a leaky suite leaves a nats-server running"/,
    );
    expect(result.output).toMatch(/PASS harness test\/harness\/fixtures\/pass\.fixture\.ts/);
    const pids = namedPids(result.output);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('fails a file that runs past its limit, with a message that names it', async () => {
    const result = await jest(['test/harness/fixtures/slow.fixture.ts']).done;
    expect(result.code).toBe(1);
    const limit = 'cirtmesh: test file test/harness/fixtures/slow.fixture.ts ran longer than its limit of 2 s';
    expect(result.output.split(limit).length - 1).toBeGreaterThanOrEqual(2); // both tests say why
    expect(result.output).toMatch(/Tests: +2 failed, 2 total/);
  });

  it('stops every process the tests started when the run is interrupted', async () => {
    const ready = join(testTempDir('cirtmesh-harness-'), 'ready');
    const child = jest(['test/harness/fixtures/interrupt.fixture.ts'], { HARNESS_READY_FILE: ready });
    await waitUntil('the fixture to have its server up', () => existsSync(ready), { timeoutMs: 60_000, intervalMs: 100 });
    process.kill(child.pid, 'SIGTERM');
    const result = await child.done;
    expect(result.code).toBe(143);
    expect(result.output).toContain('cirtmesh: test run interrupted by SIGTERM; stopping 1 process(es) the tests started');
    const pids = namedPids(result.output);
    expect(pids).toHaveLength(1);
    await waitUntil('the server to be gone', () => !alive(pids[0]), { timeoutMs: 10_000 });
  });

  it('fails the console suite with a clear error when Chromium is missing, runs the rest, and leaves nothing behind', async () => {
    const before = testProcessesNow();
    const result = await jest(['test/e2e/console.e2e-spec.ts', 'test/harness/fixtures/pass.fixture.ts'], {
      CHROMIUM_BIN: '/nonexistent/chromium',
    }).done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/FAIL harness test\/e2e\/console\.e2e-spec\.ts/);
    expect(result.output).toContain('cirtmesh: missing chromium (tests only): CHROMIUM_BIN=/nonexistent/chromium is not an executable');
    expect(result.output).toMatch(/PASS harness test\/harness\/fixtures\/pass\.fixture\.ts/);
    expect(result.output).not.toContain('process(es) running'); // the teardown's leak report
    expect(result.output).not.toContain('still running when its suite ended');
    const after = [...testProcessesNow()].filter(([pid]) => !before.has(pid));
    expect(after).toEqual([]);
  });
});
