import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  logPath: string;
  /** Told of every start and exit, e.g. by a test run that must stop whatever its tests leave behind. */
  observer?: ProcessObserver;
}

/** Watches the processes a runner starts. */
export interface ProcessObserver {
  started(pid: number, name: string): void;
  exited(pid: number): void;
}

/** One child process whose output goes to a log file, and which can be stopped and started again. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(readonly spec: ProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    mkdirSync(dirname(this.spec.logPath), { recursive: true });
    const log = createWriteStream(this.spec.logPath, { flags: 'a' });
    const child = spawn(this.spec.command, this.spec.args, {
      env: { ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) this.spec.observer?.started(pid, this.spec.name);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': output can still be in the pipes when the process exits, and a write
      // to the ended log would be an uncaught error that takes the whole runner down.
      child.once('close', (code) => {
        if (pid !== undefined) this.spec.observer?.exited(pid);
        if (!log.writableEnded) log.end();
        resolve(code);
      });
      child.once('error', (error) => {
        if (!log.writableEnded) log.end(`failed to start ${this.spec.command}: ${error.message}\n`);
        resolve(null);
      });
    });
    this.child = child;
  }

  /** Sends a signal and waits for the exit; escalates to SIGKILL after the grace period. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(signal);
    if (signal === 'SIGKILL') {
      await this.exited;
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Sends a signal without waiting, e.g. SIGHUP for a config reload. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child?.kill(signal);
  }

  /** Synchronous last resort, for process exit handlers. */
  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

/** The last lines of a log, for an error message that stands on its own. */
export function logTail(path: string, lines = 12): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${path})`;
  }
}
