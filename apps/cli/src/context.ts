import type { CliConfig, OperatorEnv } from './config';
import type { Io } from './io';

/** What a command runs with: where it writes, and the environment, read only when a command needs it. */
export interface CliContext {
  io: Io;
  cliConfig: () => CliConfig;
  operatorEnv: () => OperatorEnv;
  /** Runs `task` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts. Without it, either ends the process at once. */
  untilStopped: <T>(task: (signal: AbortSignal) => Promise<T>) => Promise<T>;
}

/** A command line, parsed and checked: the command, what it asks for, and how to run it. */
export interface Invocation {
  /** `submit`, `policy explain`, … */
  command: string;
  request: object;
  /** Runs the command; resolves its exit status, throws what describeError turns into one line. */
  run: (context: CliContext) => number | Promise<number>;
}

/** Each command's action hands over its invocation: nothing runs, and nothing is read, while the command line is parsed. */
export type Invoke = (invocation: Invocation) => void;
