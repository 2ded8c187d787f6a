/**
 * CPU time from the OS's per-process counters (Linux `/proc/<pid>/stat`: user plus system time of
 * the process itself, its children not included). Steadier than throughput on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU milliseconds `pid` has used so far. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces; the fields after it start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_S;
}

/** This process's own CPU milliseconds so far. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds of a set of processes, per process, at one moment. */
export function cpuSnapshot(pids: Map<string, number>): Map<string, number> {
  return new Map([...pids].map(([name, pid]) => [name, processCpuMs(pid)]));
}

/** What each process used between two snapshots. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? ms)]));
}

export function total(spent: Map<string, number>): number {
  return [...spent.values()].reduce((a, b) => a + b, 0);
}

/**
 * Waits until the processes are idle again (under `idleMsPerS` of CPU summed over them for one
 * interval), so work that follows the last measured event (receipts going back to the origin,
 * acks) is counted in the round that caused it. Gives up after `timeoutMs`.
 */
export async function settle(pids: Map<string, number>, idleMsPerS = 50, timeoutMs = 15_000): Promise<Map<string, number>> {
  const intervalMs = 250;
  const deadline = Date.now() + timeoutMs;
  let last = cpuSnapshot(pids);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const now = cpuSnapshot(pids);
    if (total(cpuSpent(last, now)) < (idleMsPerS * intervalMs) / 1000) return now;
    last = now;
  }
  return last;
}

/** The most resident memory `pid` has held so far, in MB (Linux `/proc/<pid>/status`, VmHWM). */
export function peakRssMb(pid: number): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : 0;
}
