/** The command line, the environment or a file it names is wrong: exit status 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit statuses of the operator commands (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** The node refused, answered with an error, or could not be reached; or some of a bulk submit failed. */
  failed: 1,
  /** Bad flags, a missing URL or token, an unreadable file. */
  usage: 2,
  /** `status`: the node answered, and it is not ok. */
  notOk: 3,
} as const;
