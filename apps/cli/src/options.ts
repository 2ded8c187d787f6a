import { Option, type Command } from 'commander';
import type { Invocation, Invoke } from './context';
import { EXIT, UsageError } from './errors';

/** `policy explain`: the command's names from the program down. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Makes `command` hand its invocation to `invoke` once its command line is parsed. */
export function invokes(command: Command, invoke: Invoke, parsed: () => Omit<Invocation, 'command'>): Command {
  return command.action(() => invoke({ command: commandPath(command), ...parsed() }));
}

/** A run that prints what `task` returns. */
export function prints(task: () => string | Promise<string>): Invocation['run'] {
  return async ({ io }) => {
    io.out(await task());
    return EXIT.ok;
  };
}

/** A flag that may be given more than once: every value, in order. */
export function repeatable(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** Every value of a repeatable flag, each of which may be a comma list. */
export function commaList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const DEFAULT_MESH_FILE = 'deploy/mesh.demo.yaml';

export function meshOption(): Option {
  return new Option('--mesh <FILE>', 'the mesh file').default(DEFAULT_MESH_FILE);
}

/** `--dir`: the demo's working directory, or another that `demo` or `generate` wrote. */
export function dirOption(description = "the mesh's directory: the demo's, or where generate wrote"): Option {
  return new Option('--dir <DIR>', description).default('.demo');
}

/** Throws a UsageError naming every one of `flags` (long names) that the command line left out. */
export function requireFlags(command: Command, flags: string[], message: (missing: string) => string): void {
  const given = (flag: string): boolean =>
    command.options.some((o) => o.long === flag && command.getOptionValue(o.attributeName()) !== undefined);
  const missing = flags.filter((flag) => !given(flag));
  if (missing.length > 0) throw new UsageError(message(missing.join(', ')));
}

export function positiveInt(flag: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`--${flag} must be a whole number from 1 to ${max}`);
  return Number(text);
}
