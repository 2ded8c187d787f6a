import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { trackProcess, untrackProcess } from './processes';

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawns a program a test drives (the CLI, a nested jest run) as the leader of its own process
 * group, registered with the test run: whatever it starts in turn is stopped with it if the test
 * does not stop it.
 */
export function spawnTracked(command: string, args: string[], options: SpawnOptionsWithoutStdio = {}): ChildProcessWithoutNullStreams {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  if (pid !== undefined) {
    trackProcess(pid, `${command.split('/').pop() ?? command} ${args.slice(0, 2).join(' ')}`.trim(), true);
    child.once('close', () => {
      // The leader is gone; what it started may not be, and then it stays registered as a leak.
      if (!groupAlive(pid)) untrackProcess(pid);
    });
  }
  return child;
}
