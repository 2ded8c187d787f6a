#!/usr/bin/env node
import 'reflect-metadata';
import { loadCliConfig, loadOperatorEnv } from './config';
import type { CliContext } from './context';
import { processIo } from './io';
import { runCli } from './program';

/** The process's own output and environment; Ctrl-C and SIGTERM stop a command that asks for them (`tail`). */
function processContext(): CliContext {
  return {
    io: processIo(),
    cliConfig: () => loadCliConfig(),
    operatorEnv: () => loadOperatorEnv(),
    untilStopped: async (task) => {
      const stop = new AbortController();
      const abort = (): void => stop.abort();
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      try {
        return await task(stop.signal);
      } finally {
        process.off('SIGINT', abort);
        process.off('SIGTERM', abort);
      }
    },
  };
}

void runCli(process.argv.slice(2), processContext()).then((status) => {
  process.exitCode = status;
});
