import { DomainError } from '@cirtmesh/contracts';
import { ConfigError } from '@cirtmesh/config';
import { ApiError, ClientUsageError, ConnectionError } from '@cirtmesh/client';

/** The command line, the environment or a file it names is wrong: exit status 2. */
export class UsageError extends DomainError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Exit statuses of the CLI (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** The node refused, answered with an error, or could not be reached; or some of a bulk submit failed. */
  failed: 1,
  /** Bad flags, a missing URL or token, an unreadable file. */
  usage: 2,
  /** `status`: the node answered, and it is not ok. */
  notOk: 3,
} as const;

/** An error as the one line the CLI prints, and the exit status it ends with. */
export function describeError(error: unknown): { line: string; exit: number } {
  if (error instanceof UsageError || error instanceof ClientUsageError) return { line: error.message, exit: EXIT.usage };
  if (error instanceof ConfigError) return { line: `invalid environment: ${error.problems.join('; ')}`, exit: EXIT.usage };
  if (error instanceof ApiError && error.status === 401) {
    return { line: `${error.message} (check --token, CIRTMESH_TOKEN or the profile)`, exit: EXIT.failed };
  }
  if (error instanceof ApiError || error instanceof ConnectionError) return { line: error.message, exit: EXIT.failed };
  return { line: error instanceof Error ? error.message : String(error), exit: EXIT.failed };
}
