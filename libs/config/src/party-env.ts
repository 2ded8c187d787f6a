import { IsNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { ConfigError } from './validate-env';

/** What every party's app needs: the mesh file, its own nats-server, and its HTTP listener. */
export class PartyEnv {
  @IsString()
  @IsNotEmpty()
  CIRTMESH_MESH_FILE!: string;

  @Matches(/^nats:\/\/[^\s/]+:\d{1,5}$/, { message: 'must be a URL such as nats://127.0.0.1:4222' })
  CIRTMESH_NATS_URL!: string;

  @IsString()
  @MinLength(16)
  CIRTMESH_NATS_TOKEN!: string;

  @Matches(/^\d{1,5}$/, { message: 'must be a TCP port number' })
  CIRTMESH_HTTP_PORT!: string;

  @IsOptional()
  @IsString()
  CIRTMESH_HTTP_HOST: string = '127.0.0.1';

  /** Bearer token for the app's HTTP API. */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  CIRTMESH_API_TOKEN!: string;
}

export interface PartyConfig {
  nats: { url: string; token: string };
  http: { host: string; port: number };
  apiToken: string;
}

export function partyConfig(env: PartyEnv): PartyConfig {
  const port = Number(env.CIRTMESH_HTTP_PORT);
  if (port < 1 || port > 65535) throw new ConfigError(['CIRTMESH_HTTP_PORT: must be between 1 and 65535']);
  return {
    nats: { url: env.CIRTMESH_NATS_URL, token: env.CIRTMESH_NATS_TOKEN },
    http: { host: env.CIRTMESH_HTTP_HOST, port },
    apiToken: env.CIRTMESH_API_TOKEN,
  };
}
