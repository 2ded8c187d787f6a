import { Command, CommanderError } from 'commander';
import { ack } from './ack.command';
import { CLI_ENVIRONMENT } from './config';
import type { CliContext, Invocation, Invoke } from './context';
import { demoCommand } from './demo.command';
import { describeError, EXIT, UsageError } from './errors';
import { generateCommand } from './generate.command';
import { keyCommand } from './key.command';
import { exportCommand } from './export.command';
import { federationCommands } from './federation.command';
import { hubCommand, nodeCommand } from './party-run.command';
import { importCommand } from './import.command';
import { linkCommand } from './link.command';
import { operatorCommand } from './operator';
import { commandPath } from './options';
import { policyCommand } from './policy.command';
import { search } from './search.command';
import { show } from './show.command';
import { sight } from './sight.command';
import { status } from './status.command';
import { submit } from './submit.command';
import { tail } from './tail.command';
import { tokenCommand } from './token.command';
import { trace } from './trace.command';

const EXIT_STATUS_HELP = [
  'Exit status: 0 done; 1 the node refused or could not be reached, or the command failed;',
  '2 bad usage or configuration; 3 status: the node answered, and it is not ok.',
];

/** The environment and the exit statuses, after the program's own help. */
function programHelpAfter(): string {
  const width = Math.max(...CLI_ENVIRONMENT.map(([name]) => name.length));
  const variables = CLI_ENVIRONMENT.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`);
  return ['', 'Environment:', ...variables, '', ...EXIT_STATUS_HELP, 'Operator commands: see docs/cli.md.'].join('\n');
}

/** Every command, each defined in its own file; help is generated from the definitions. */
export function buildProgram(invoke: Invoke, out: (text: string) => void): Command {
  const program = new Command('cirtmesh')
    .description("the CIRT federation mesh: run the demo, manage keys, tokens and links, and talk to one node's HTTP API")
    .usage('<command> [options]')
    .addHelpText('after', programHelpAfter())
    .commandsGroup('Commands:');
  for (const define of [
    demoCommand,
    generateCommand,
    ...federationCommands,
    hubCommand,
    nodeCommand,
    policyCommand,
    tokenCommand,
    keyCommand,
    linkCommand,
  ])
    program.addCommand(define(invoke));
  program.commandsGroup("Operator commands, against one node's HTTP API:");
  program
    .addCommand(operatorCommand(submit, invoke))
    .addCommand(operatorCommand(tail, invoke))
    .addCommand(operatorCommand(search, invoke))
    .addCommand(operatorCommand(show, invoke))
    .addCommand(operatorCommand(trace, invoke))
    .addCommand(operatorCommand(ack, invoke))
    .addCommand(operatorCommand(sight, invoke))
    .addCommand(operatorCommand(status, invoke))
    .addCommand(operatorCommand(importCommand, invoke))
    .addCommand(operatorCommand(exportCommand, invoke));
  return quiet(program, out);
}

/**
 * Help goes to `out`; commander's own error output is dropped: its errors become UsageErrors,
 * which the CLI prints as one line. Applied to every command, since each reports its own errors.
 */
function quiet(command: Command, out: (text: string) => void): Command {
  command
    .configureOutput({
      writeOut: (text) => out(text.replace(/\n$/, '')),
      writeErr: () => undefined,
      outputError: () => undefined,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride((error) => {
      throw fromCommander(command, error);
    });
  for (const sub of command.commands) quiet(sub, out);
  return command;
}

/** `unknown command "x": see cirtmesh help`, or in a group `unknown policy command "x": use policy check or policy explain`. */
function unknownCommand(command: Command, given: string, suggestion: string): UsageError {
  const path = commandPath(command);
  if (!path) return new UsageError(`unknown command "${given}"${suggestion}: see cirtmesh help`);
  const known = command.commands.map((sub) => `${path} ${sub.name()}`);
  return new UsageError(`unknown ${path} command "${given}": use ${known.join(' or ')}`);
}

/** One of commander's errors as the one line the CLI prints; help that was asked for is no error (exit status 0). */
export function fromCommander(command: Command, error: CommanderError): Error {
  if (error.exitCode === 0) return error;
  const path = commandPath(command);
  // `error: unknown option '--jsn'\n(Did you mean --json?)` → `unknown option '--jsn' (did you mean --json?)`
  const hint = /\n\(Did you (.+)\)$/.exec(error.message)?.[1];
  const suggestion = hint ? ` (did you ${hint})` : '';
  const said = error.message.replace(/^error: /, '').replace(/\n.*$/s, '') + suggestion;
  switch (error.code) {
    case 'commander.unknownCommand':
      return unknownCommand(command, command.args[0], suggestion);
    case 'commander.help':
      // Help on stderr instead of an error: a group called without a command, or `help` of an unknown one.
      return unknownCommand(command, command.args.filter((arg) => arg !== 'help')[0] ?? '', '');
    case 'commander.missingArgument': {
      const missing = command.registeredArguments.find((argument, index) => argument.required && command.args[index] === undefined);
      if (missing) return new UsageError(`${path} needs ${missing.description}: cirtmesh ${path} ${missing.name()}`);
      break;
    }
    case 'commander.excessArguments':
      return new UsageError(`${path}: unexpected argument "${command.args[command.registeredArguments.length]}"`);
  }
  return new UsageError(path ? `${path}: ${said}` : said);
}

/** Parses a command line and checks it; undefined when it asked for help, which is then shown. Throws UsageError. */
export function parseCommandLine(argv: string[], out: (text: string) => void): Invocation | undefined {
  let invocation: Invocation | undefined;
  const program = buildProgram((parsed) => (invocation = parsed), out);
  try {
    program.parse(argv.length === 0 ? ['help'] : argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return undefined;
    throw error;
  }
  return invocation;
}

/** Runs a command line (without the program's name). Resolves the exit status; a failure is one line on stderr. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  try {
    const invocation = parseCommandLine(argv, context.io.out);
    return invocation ? await invocation.run(context) : EXIT.ok;
  } catch (error) {
    const { line, exit } = describeError(error);
    context.io.err(`cirtmesh: ${line}`);
    return exit;
  }
}
