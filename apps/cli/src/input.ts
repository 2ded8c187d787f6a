import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

/** The bytes of a file the command line names; `-` is standard input. An unreadable one is bad usage. */
export function readInput(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new UsageError(`cannot read ${inputName(path)}: ${(error as Error).message}`);
  }
}

/** How messages name an input: the path, or `standard input` for `-`. */
export function inputName(path: string): string {
  return path === '-' ? 'standard input' : path;
}
