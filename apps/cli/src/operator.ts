import type { Category, Direction, Severity, Tlp } from '@cirtmesh/contracts';
import { CirtmeshClient, type AlertFilter } from '@cirtmesh/client';
import type { Command } from 'commander';
import type { CliContext, Invoke } from './context';
import type { Io } from './io';
import { invokes } from './options';
import { paintFor, type Paint } from './operator-format';
import { resolveConnection, type ConnectionFlags } from './profiles';

/** What every operator command takes. */
export interface CommonOptions {
  connection: ConnectionFlags;
  /** JSON on stdout instead of lines and tables. */
  json: boolean;
  /** `--no-color`. */
  noColor: boolean;
}

/** What an operator command runs with. */
export interface Session {
  client: CirtmeshClient;
  io: Io;
  paint: Paint;
  context: CliContext;
}

/**
 * An operator command: its definition (name, arguments, its own options and their help), what a
 * parsed command line asks of it, and how it runs against the node.
 */
export interface OperatorSpec<R extends object> {
  define: () => Command;
  /** Checks what the parser cannot (flags that go together, the syntax of values); throws UsageError. */
  request: (command: Command) => R;
  /** Resolves the exit status; throws what describeError turns into one line. */
  run: (request: R & CommonOptions, session: Session) => Promise<number>;
}

type CommonFlags = { url?: string; token?: string; profile?: string; json?: boolean; color: boolean };

/** The command for `spec`, with the options every operator command takes. */
export function operatorCommand<R extends object>(spec: OperatorSpec<R>, invoke: Invoke): Command {
  const command = spec
    .define()
    .optionsGroup('Which node, and the output:')
    .option('--url <URL>', "the node's base URL (else CIRTMESH_URL, else a profile)")
    .option('--token <T>', 'an API token of the node (else CIRTMESH_TOKEN, else a profile)')
    .option('--profile <NAME>', 'a profile from the profile file')
    .option('--json', 'JSON on stdout instead of lines and tables')
    .option('--no-color', 'no colour (there is none either when NO_COLOR is set or stdout is not a terminal)');
  return invokes(command, invoke, () => {
    const { url, token, profile, json, color } = command.opts<CommonFlags>();
    const request = { connection: { url, token, profile }, json: json === true, noColor: !color, ...spec.request(command) };
    return { request, run: (context) => runOperator(spec, request, context) };
  });
}

/** Finds the node and its token (flags, environment, profile), then runs the command against it. */
async function runOperator<R extends object>(spec: OperatorSpec<R>, request: R & CommonOptions, context: CliContext): Promise<number> {
  const env = context.operatorEnv();
  const connection = resolveConnection(request.connection, env);
  for (const warning of connection.warnings) context.io.err(`cirtmesh: ${warning}`);
  const client = new CirtmeshClient({ url: connection.url, token: connection.token });
  const paint = paintFor(context.io.stdoutIsTty && !env.noColor && !request.noColor);
  return spec.run(request, { client, io: context.io, paint, context });
}

export const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** Adds the filters of `tail` and `search --q`. */
export function withFilters(command: Command): Command {
  return command
    .option('--severity <S>', 'this severity or higher: low, medium, high, critical')
    .option('--tlp <L>', 'this TLP label only')
    .option('--category <C>', 'this category only')
    .option('--origin <ID>', 'alerts from this node only')
    .option('--direction <sent|received>', 'alerts this node sent, or received')
    .option('--since <ISO>', 'alerts created at or after this instant');
}

type FilterFlags = { severity?: string; tlp?: string; category?: string; origin?: string; direction?: string; since?: string };

/** The filter the command line asks for; only the filters given are keys of it. */
export function filterOf(command: Command): AlertFilter {
  const flags = command.opts<FilterFlags>();
  const filter: AlertFilter = {
    severity: flags.severity as Severity | undefined,
    // TLP labels are upper case; accept them as typed.
    tlp: flags.tlp?.toUpperCase() as Tlp | undefined,
    category: flags.category as Category | undefined,
    origin: flags.origin,
    direction: flags.direction as Direction | undefined,
    since: flags.since,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}
