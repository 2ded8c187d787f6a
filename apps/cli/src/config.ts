import { ConfigError, validateEnv } from '@cirtmesh/config';
import { resolveOnPath } from '@cirtmesh/topology';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Environment the CLI reads. Nothing else in the CLI reads process.env. */
export class CliEnv {
  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'must be a TCP port number' })
  MESH_BASE_PORT?: string;

  @IsOptional()
  @IsString()
  NATS_SERVER_BIN?: string;

  @IsOptional()
  @IsString()
  PATH?: string;
}

export interface CliConfig {
  basePort: number;
  natsServerBin: string;
}

export const DEFAULT_BASE_PORT = 14300;

export function loadCliConfig(env: Record<string, string | undefined> = process.env): CliConfig {
  const e = validateEnv(CliEnv, env);
  const basePort = e.MESH_BASE_PORT === undefined ? DEFAULT_BASE_PORT : Number(e.MESH_BASE_PORT);
  if (basePort < 1024 || basePort > 65000) throw new ConfigError(['MESH_BASE_PORT: must be between 1024 and 65000']);
  return { basePort, natsServerBin: resolveOnPath(e.NATS_SERVER_BIN ?? 'nats-server', e.PATH) };
}
