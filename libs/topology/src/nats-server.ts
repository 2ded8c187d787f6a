import { DomainError } from '@cirtmesh/contracts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

const run = promisify(execFile);

export class NatsServerMissingError extends DomainError {
  constructor(binary: string) {
    super(
      'NATS_SERVER_MISSING',
      `nats-server was not found (looked for "${binary}"). Install it: on Debian or Ubuntu run ` +
        '"sudo apt-get install nats-server"; elsewhere install nats-server 2.9 or later from the NATS project, ' +
        'or set NATS_SERVER_BIN to its path.',
    );
  }
}

export class NatsServerVersionError extends DomainError {
  constructor(found: string) {
    const why = 'the mesh needs 2.9.0 or later (leaf nodes, JetStream domains, extended consumer subjects)';
    super('NATS_SERVER_TOO_OLD', `nats-server ${found} is too old: ${why}`);
  }
}

export const MIN_NATS_SERVER = [2, 9, 0] as const;

/** Finds the nats-server binary and checks its version; throws an error that says how to fix it. */
export async function checkNatsServer(binary: string): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run(binary, ['--version']));
  } catch {
    throw new NatsServerMissingError(binary);
  }
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(stdout);
  if (!match) throw new NatsServerVersionError(stdout.trim());
  const version = match.slice(1, 4).map(Number);
  for (let i = 0; i < 3; i += 1) {
    if (version[i] > MIN_NATS_SERVER[i]) break;
    if (version[i] < MIN_NATS_SERVER[i]) throw new NatsServerVersionError(match[0]);
  }
  return match[0];
}

/** Where Debian puts server programs such as nats-server, off a normal user's PATH. */
export const SYSTEM_SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * Resolves a command name as `scripts/prereqs --which` does: on the PATH, then in the system sbin
 * directories; returns it unchanged if not found (the caller's error then names it).
 */
export function resolveOnPath(command: string, pathEnv: string | undefined): string {
  if (command.includes('/')) return command;
  for (const dir of [...(pathEnv ?? '').split(':'), ...SYSTEM_SBIN_DIRS]) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return command;
}
