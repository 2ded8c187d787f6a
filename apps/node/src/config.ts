import { ConfigError, validateEnv } from '@cirtmesh/config';
import { loadMeshSpec, MeshDirectory, MESH_ID_PATTERN } from '@cirtmesh/topology';
import { IsNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';

/** Environment of a national node. Nothing else in the app reads process.env. */
export class NodeEnv {
  @Matches(MESH_ID_PATTERN, { message: 'must be a node id from the mesh file, such as ke' })
  CIRTMESH_NODE_ID!: string;

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

  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  CIRTMESH_API_TOKEN!: string;
}

export interface NodeConfig {
  nodeId: string;
  /** The node's region, which is also the id of its regional hub. */
  region: string;
  hopLimit: number;
  directory: MeshDirectory;
  nats: { url: string; token: string };
  http: { host: string; port: number };
  apiToken: string;
}

export function loadNodeConfig(env: Record<string, string | undefined> = process.env): NodeConfig {
  const e = validateEnv(NodeEnv, env);
  const spec = loadMeshSpec(e.CIRTMESH_MESH_FILE);
  const directory = new MeshDirectory(spec);
  const node = directory.node(e.CIRTMESH_NODE_ID);
  if (!node) throw new ConfigError([`CIRTMESH_NODE_ID: ${e.CIRTMESH_NODE_ID} is not a node in ${e.CIRTMESH_MESH_FILE}`]);
  const port = Number(e.CIRTMESH_HTTP_PORT);
  if (port < 1 || port > 65535) throw new ConfigError(['CIRTMESH_HTTP_PORT: must be between 1 and 65535']);
  return {
    nodeId: node.id,
    region: node.region,
    hopLimit: spec.hopLimit,
    directory,
    nats: { url: e.CIRTMESH_NATS_URL, token: e.CIRTMESH_NATS_TOKEN },
    http: { host: e.CIRTMESH_HTTP_HOST, port },
    apiToken: e.CIRTMESH_API_TOKEN,
  };
}
