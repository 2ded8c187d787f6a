import { ConfigError, OtelEnv, validateEnv } from '@cirtmesh/config';
import { resolveOnPath } from '@cirtmesh/topology';
import { LOG_LEVELS, type LogLevel } from '@cirtmesh/logging';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment the CLI reads. Nothing else in the CLI reads process.env. The standard `OTEL_*`
 * variables are checked here too: the demo passes them on to every app it starts.
 */
export class CliEnv extends OtelEnv {
  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'must be a TCP port number' })
  MESH_BASE_PORT?: string;

  @IsOptional()
  @IsString()
  NATS_SERVER_BIN?: string;

  @IsOptional()
  @IsString()
  PATH?: string;

  /** The demo: the log level of every app it starts (default info). */
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  CIRTMESH_LOG_LEVEL?: LogLevel;

  /** Operator commands: the node's base URL. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http or https URL such as http://127.0.0.1:14308' })
  CIRTMESH_URL?: string;

  /** Operator commands: the node's API token. */
  @IsOptional()
  @IsString()
  CIRTMESH_TOKEN?: string;

  /** Operator commands: the profile to use from the profile file. */
  @IsOptional()
  @IsString()
  CIRTMESH_PROFILE?: string;

  /** Operator commands: the profile file (default ~/.config/cirtmesh/profiles.json). */
  @IsOptional()
  @IsString()
  CIRTMESH_PROFILE_FILE?: string;

  @IsOptional()
  @IsString()
  HOME?: string;

  /** Any value turns colour off (https://no-color.org). */
  @IsOptional()
  @IsString()
  NO_COLOR?: string;
}

export const DEFAULT_BASE_PORT = 14300;

/** The variables of CliEnv a user sets, and what they mean, for the CLI's help. */
export const CLI_ENVIRONMENT: ReadonlyArray<readonly [keyof CliEnv, string]> = [
  ['MESH_BASE_PORT', `first port the mesh uses (default ${DEFAULT_BASE_PORT})`],
  ['NATS_SERVER_BIN', 'the nats-server binary (default nats-server on PATH)'],
  ['CIRTMESH_LOG_LEVEL', "the demo: every app's log level (default info; debug logs every message)"],
  ['CIRTMESH_URL', "operator commands: the node's base URL"],
  ['CIRTMESH_TOKEN', "operator commands: the node's API token"],
  ['CIRTMESH_PROFILE', 'operator commands: the profile to use (default: the profile file\'s "default")'],
  ['CIRTMESH_PROFILE_FILE', 'the profile file (default ~/.config/cirtmesh/profiles.json)'],
  ['NO_COLOR', 'any non-empty value turns colour off'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'the demo: every app exports its spans over OTLP/HTTP there (other OTEL_* variables are passed on too)'],
];

export interface CliConfig {
  basePort: number;
  natsServerBin: string;
  /** What the demo passes on to every app it starts. */
  appEnv: Record<string, string>;
}

/** What the operator commands take from the environment. */
export interface OperatorEnv {
  url?: string;
  token?: string;
  profile?: string;
  profileFile: string;
  /** True when the profile file is the default one, not named by CIRTMESH_PROFILE_FILE. */
  profileFileIsDefault: boolean;
  noColor: boolean;
}

export function loadCliConfig(env: Record<string, string | undefined> = process.env): CliConfig {
  const e = validateEnv(CliEnv, env);
  const basePort = e.MESH_BASE_PORT === undefined ? DEFAULT_BASE_PORT : Number(e.MESH_BASE_PORT);
  if (basePort < 1024 || basePort > 65000) throw new ConfigError(['MESH_BASE_PORT: must be between 1024 and 65000']);
  const appEnv: Record<string, string> = e.CIRTMESH_LOG_LEVEL ? { CIRTMESH_LOG_LEVEL: e.CIRTMESH_LOG_LEVEL } : {};
  for (const [name, value] of Object.entries(e)) if (name.startsWith('OTEL_') && typeof value === 'string') appEnv[name] = value;
  return { basePort, natsServerBin: resolveOnPath(e.NATS_SERVER_BIN ?? 'nats-server', e.PATH), appEnv };
}

/** Empty variables count as unset, so `CIRTMESH_TOKEN= cirtmesh ...` falls through to the profile. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function loadOperatorEnv(env: Record<string, string | undefined> = process.env): OperatorEnv {
  const e = validateEnv(CliEnv, { ...env, CIRTMESH_URL: present(env.CIRTMESH_URL) });
  const file = present(e.CIRTMESH_PROFILE_FILE);
  return {
    url: e.CIRTMESH_URL,
    token: present(e.CIRTMESH_TOKEN),
    profile: present(e.CIRTMESH_PROFILE),
    profileFile: file ?? join(present(e.HOME) ?? homedir(), '.config', 'cirtmesh', 'profiles.json'),
    profileFileIsDefault: file === undefined,
    noColor: e.NO_COLOR !== undefined && e.NO_COLOR !== '',
  };
}
