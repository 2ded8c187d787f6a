import { readFileSync, statSync } from 'node:fs';
import type { OperatorEnv } from './config';
import { UsageError } from './errors';

export interface Profile {
  url?: string;
  token?: string;
}

/** `{ "profiles": { "ke": { "url": "...", "token": "..." } }, "default": "ke" }` */
export interface ProfileFile {
  profiles: Record<string, Profile>;
  default?: string;
}

export interface ConnectionFlags {
  url?: string;
  token?: string;
  profile?: string;
}

export interface Connection {
  url: string;
  token: string;
  /** The profile that gave the URL or the token, if one did. */
  profile?: string;
  /** For stderr: a profile file others can read, say. */
  warnings: string[];
}

/** Checks a parsed profile file and names what is wrong in it. */
export function parseProfileFile(path: string, text: string): ProfileFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`profile file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const bad = (what: string): UsageError => new UsageError(`profile file ${path}: ${what}`);
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw bad('must hold an object with "profiles"');
  const { profiles, default: fallback } = document as { profiles?: unknown; default?: unknown };
  if (!profiles || typeof profiles !== 'object' || Array.isArray(profiles)) throw bad('"profiles" must be an object of named profiles');
  const checked: Record<string, Profile> = {};
  for (const [name, profile] of Object.entries(profiles as Record<string, unknown>)) {
    if (!profile || typeof profile !== 'object' || Array.isArray(profile)) throw bad(`profile "${name}" must be an object`);
    const { url, token } = profile as { url?: unknown; token?: unknown };
    if (url !== undefined && typeof url !== 'string') throw bad(`profile "${name}": "url" must be a string`);
    if (token !== undefined && typeof token !== 'string') throw bad(`profile "${name}": "token" must be a string`);
    checked[name] = { url, token };
  }
  if (fallback !== undefined && typeof fallback !== 'string') throw bad('"default" must be the name of a profile');
  if (fallback !== undefined && !checked[fallback]) throw bad(`"default" names "${fallback}", which is not among its profiles`);
  return { profiles: checked, default: fallback };
}

/** Reads the profile file; undefined when there is none. Warns when others may read it. */
export function readProfileFile(path: string): { file: ProfileFile; warnings: string[] } | undefined {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read profile file ${path}: ${(error as Error).message}`);
  }
  const warnings: string[] = [];
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8);
    warnings.push(`warning: profile file ${path} can be read by others (mode ${octal}) and it holds tokens: run chmod 600 ${path}`);
  }
  return { file: parseProfileFile(path, text), warnings };
}

type ProfileReader = (path: string) => { file: ProfileFile; warnings: string[] } | undefined;

/**
 * Where the URL and the token come from, each on its own: `--url`/`--token`; then, if `--profile`
 * is on the command line, that profile (a flag outranks the environment, so a profile named on the
 * command line never gets mixed with a token from another node's variables); then `CIRTMESH_URL`/
 * `CIRTMESH_TOKEN`; then the profile named by `CIRTMESH_PROFILE`, or the file's default.
 */
export function resolveConnection(flags: ConnectionFlags, env: OperatorEnv, read: ProfileReader = readProfileFile): Connection {
  const warnings: string[] = [];
  let url = flags.url;
  let token = flags.token;
  let used: string | undefined;
  const named = flags.profile ?? env.profile;
  const fromProfile = (): void => {
    if (url !== undefined && token !== undefined) return;
    const loaded = read(env.profileFile);
    if (!loaded) {
      if (named !== undefined) throw new UsageError(`no profile "${named}": there is no profile file ${env.profileFile}`);
      return;
    }
    warnings.push(...loaded.warnings);
    const name = named ?? loaded.file.default;
    if (name === undefined) return;
    const profile = loaded.file.profiles[name];
    if (!profile) {
      const known = Object.keys(loaded.file.profiles);
      throw new UsageError(`no profile "${name}" in ${env.profileFile} (it has ${known.length ? known.join(', ') : 'none'})`);
    }
    if (url === undefined && profile.url !== undefined) {
      url = profile.url;
      used = name;
    }
    if (token === undefined && profile.token !== undefined) {
      token = profile.token;
      used = name;
    }
  };
  if (flags.profile !== undefined) fromProfile();
  url ??= env.url;
  token ??= env.token;
  if (flags.profile === undefined) fromProfile();
  if (url === undefined) throw new UsageError('no node URL: pass --url, set CIRTMESH_URL or add a profile');
  if (token === undefined || token === '') throw new UsageError('no token: pass --token, set CIRTMESH_TOKEN or add a profile');
  return { url, token, profile: used, warnings };
}
