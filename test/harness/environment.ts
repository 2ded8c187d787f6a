import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';
import { relative } from 'node:path';
import {
  describeProcess,
  forget,
  isAlive,
  recordLeak,
  stopProcesses,
  SUITE_GLOBAL,
  testRunDir,
  trackedProcesses,
} from '../../libs/testing/src/processes';

/** How long a test file may run unless its docblock says `@file-timeout <n>s|m`. */
export const DEFAULT_FILE_LIMIT_MS = 10 * 60_000;

function fileLimitMs(pragmas: Record<string, string | string[]>, file: string): number {
  const raw = pragmas['file-timeout'];
  if (raw === undefined) return DEFAULT_FILE_LIMIT_MS;
  const text = (Array.isArray(raw) ? raw[0] : raw).trim();
  const match = /^(\d+)(s|m)$/.exec(text);
  if (!match) throw new Error(`${file}: @file-timeout "${text}" is not a duration such as 90s or 15m`);
  return Number(match[1]) * (match[2] === 'm' ? 60_000 : 1_000);
}

const LIMIT_PREFIX = 'cirtmesh: test file ';
const isLimitError = (error: unknown): boolean => error instanceof Error && error.message.startsWith(LIMIT_PREFIX);
const format = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1_000} s`);

/**
 * Node's test environment, plus the test run's rules for one file:
 * - the file runs within its limit: once it is spent, every test, `beforeAll` and `beforeEach`
 *   still to come times out at once, and every test that fails after it says why;
 * - whatever processes the file started and did not stop are recorded as leaks (the global teardown
 *   fails the run with them) and stopped when it ends, so they never slow down the next file.
 */
export default class CirtmeshEnvironment extends NodeEnvironment {
  private readonly file: string;
  private readonly limitMs: number;
  private deadline = Number.POSITIVE_INFINITY;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.file = relative(config.globalConfig.rootDir, context.testPath);
    this.limitMs = fileLimitMs(context.docblockPragmas, this.file);
    this.global[SUITE_GLOBAL] = this.file;
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.deadline = Date.now() + this.limitMs;
  }

  private limitError(): Error {
    const error = new Error(
      `${LIMIT_PREFIX}${this.file} ran longer than its limit of ${format(this.limitMs)} ` +
        '(raise it with @file-timeout in the file docblock if it really needs longer)',
    );
    error.stack = error.message;
    return error;
  }

  /** Caps a test's or hook's timeout to what is left of the file's time. */
  private cap(entry: { timeout?: number | null }, state: Circus.State): void {
    const left = Math.max(1, this.deadline - Date.now());
    entry.timeout = Math.min(entry.timeout ?? state.testTimeout, left);
  }

  handleTestEvent(event: Circus.Event, state: Circus.State): void {
    const over = Date.now() >= this.deadline;
    if (event.name === 'test_fn_start') {
      if (over) event.test.errors.push(this.limitError());
      else this.cap(event.test, state);
    } else if (event.name === 'hook_start') {
      // After-hooks keep their own timeout: they clean up.
      if (event.hook.type === 'beforeAll' || event.hook.type === 'beforeEach') this.cap(event.hook, state);
    } else if (event.name === 'test_done' && over && event.test.errors.length > 0 && !event.test.errors.some(isLimitError)) {
      event.test.errors.push(this.limitError());
    }
  }

  override async teardown(): Promise<void> {
    const runDir = testRunDir();
    if (runDir) {
      const left = trackedProcesses(runDir).filter((entry) => entry.suite === this.file);
      const alive = left.filter(isAlive);
      for (const entry of alive) {
        recordLeak(runDir, entry);
        process.stderr.write(`cirtmesh: a process was still running when its suite ended: ${describeProcess(entry)}; stopping it\n`);
      }
      await stopProcesses(alive);
      for (const entry of left) forget(runDir, entry);
    }
    await super.teardown();
  }
}
