import { ConfigError, validateEnv } from '@cirtmesh/config';
import { loadMeshSpec, MeshDirectory, MESH_ID_PATTERN } from '@cirtmesh/topology';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';

/** Environment of a hub. Nothing else in the app reads process.env. */
export class HubEnv {
  @Matches(MESH_ID_PATTERN, { message: 'must be a hub id from the mesh file: a region id, or the global id' })
  CIRTMESH_HUB_ID!: string;

  @IsIn(['regional', 'global'], { message: 'must be regional or global' })
  CIRTMESH_HUB_ROLE!: 'regional' | 'global';

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

  /** The hub's admin token: needed to read decisions. */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  CIRTMESH_API_TOKEN!: string;
}

export interface HubConfig {
  hubId: string;
  role: 'regional' | 'global';
  /** The hub above, for a regional hub. */
  parent?: string;
  directory: MeshDirectory;
  nats: { url: string; token: string };
  http: { host: string; port: number };
  apiToken: string;
}

export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const e = validateEnv(HubEnv, env);
  const directory = new MeshDirectory(loadMeshSpec(e.CIRTMESH_MESH_FILE));
  const hub = directory.hub(e.CIRTMESH_HUB_ID);
  if (!hub) throw new ConfigError([`CIRTMESH_HUB_ID: ${e.CIRTMESH_HUB_ID} is not a hub in ${e.CIRTMESH_MESH_FILE}`]);
  if (hub.role !== e.CIRTMESH_HUB_ROLE) {
    throw new ConfigError([`CIRTMESH_HUB_ROLE: ${e.CIRTMESH_HUB_ID} is a ${hub.role} hub in the mesh file, not ${e.CIRTMESH_HUB_ROLE}`]);
  }
  const port = Number(e.CIRTMESH_HTTP_PORT);
  if (port < 1 || port > 65535) throw new ConfigError(['CIRTMESH_HTTP_PORT: must be between 1 and 65535']);
  return {
    hubId: hub.id,
    role: hub.role,
    parent: hub.parent,
    directory,
    nats: { url: e.CIRTMESH_NATS_URL, token: e.CIRTMESH_NATS_TOKEN },
    http: { host: e.CIRTMESH_HTTP_HOST, port },
    apiToken: e.CIRTMESH_API_TOKEN,
  };
}
