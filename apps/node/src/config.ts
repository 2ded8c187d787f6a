import { DEFAULT_RETENTION_TEXT, parseRetention, type Retention } from '@cirtmesh/archive';
import { DURATION, parseDurationMs, PARTY_ID } from '@cirtmesh/contracts';
import { ConfigError, loadDirectory, partyConfig, sourceName, validateEnv, type PartyConfig } from '@cirtmesh/config';
import type { DirectoryState } from '@cirtmesh/federation';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { parseNodePolicy, PolicyError, type NodePolicy } from '@cirtmesh/trust';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InteropEnv, interopConfig, type InteropConfig } from './interop.config';

/** Environment of a national node. Nothing else in the app reads process.env. */
export class NodeEnv extends InteropEnv {
  @Matches(PARTY_ID, { message: 'must be a node id from the mesh file, such as ke' })
  CIRTMESH_NODE_ID!: string;

  /** The node's outbound policy; by default the one the mesh file names for this node, if any. */
  @IsOptional()
  @IsString()
  CIRTMESH_NODE_POLICY_FILE?: string;

  /** Live streams: a comment line this often keeps proxies and clients from timing out. */
  @IsOptional()
  @Matches(DURATION, { message: 'must be a duration such as 15s' })
  CIRTMESH_SSE_HEARTBEAT: string = '15s';

  /** Live streams: bytes waiting for one slow client before it is disconnected, with a reason. */
  @IsOptional()
  @Matches(/^\d{4,10}$/, { message: 'must be a number of bytes, at least 1000' })
  CIRTMESH_SSE_BUFFER_BYTES: string = '1048576';

  /** The archive on MongoDB (its own database per node, named in the URI); unset keeps the in-memory archive. */
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a MongoDB connection string such as mongodb://mongo:27017/cirtmesh-ke' })
  MONGODB_URI?: string;

  /** How long the archive keeps alerts, per TLP: RED=30d,AMBER=180d,... (`keep` for ever). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  CIRTMESH_RETENTION: string = DEFAULT_RETENTION_TEXT;
}

export interface NodeConfig extends PartyConfig, InteropConfig {
  nodeId: string;
  /** The node's region, which is also the id of its regional hub. */
  region: string;
  hopLimit: number;
  directory: MeshDirectory;
  /** In a federation: the verified directory, kept current over the mesh. */
  federation?: DirectoryState;
  /** The outbound policy, read and checked at start: it narrows what this node sends; absent, the hub's policy alone applies. */
  outbound?: NodePolicy;
  stream: { heartbeatMs: number; bufferBytes: number };
  archive: { mongoUri?: string; retention: Retention };
}

export function loadNodeConfig(env: Record<string, string | undefined> = process.env): NodeConfig {
  const e = validateEnv(NodeEnv, env);
  const party = partyConfig(e, 'cirtmesh-node');
  const { directory, hopLimit, baseDir, state } = loadDirectory(party.source);
  const node = directory.node(e.CIRTMESH_NODE_ID);
  if (!node) throw new ConfigError([`CIRTMESH_NODE_ID: ${e.CIRTMESH_NODE_ID} is not a node in ${sourceName(party.source)}`]);
  const policyFile = e.CIRTMESH_NODE_POLICY_FILE ?? (node.policy && baseDir ? resolve(baseDir, node.policy) : undefined);
  const heartbeatMs = parseDurationMs(e.CIRTMESH_SSE_HEARTBEAT);
  if (heartbeatMs === undefined || heartbeatMs < 1_000)
    throw new ConfigError(['CIRTMESH_SSE_HEARTBEAT: must be a duration of at least 1s']);
  const stream = { heartbeatMs, bufferBytes: Number(e.CIRTMESH_SSE_BUFFER_BYTES) };
  const retention = parseRetention(e.CIRTMESH_RETENTION);
  if ('problems' in retention) throw new ConfigError(retention.problems.map((p) => `CIRTMESH_RETENTION: ${p}`));
  const archive = { mongoUri: e.MONGODB_URI, retention };
  const outbound = policyFile === undefined ? undefined : loadOutboundPolicy(policyFile, node.id);
  return {
    ...party,
    ...interopConfig(e),
    nodeId: node.id,
    region: node.region,
    hopLimit,
    directory,
    federation: state,
    outbound,
    stream,
    archive,
  };
}

/** Reads the node's outbound policy file; it must be written for this node. */
function loadOutboundPolicy(file: string, nodeId: string): NodePolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PolicyError(file, [`cannot read the file: ${(cause as Error).message}`]);
  }
  const policy = parseNodePolicy(text, file);
  if (policy.node !== nodeId) throw new PolicyError(file, [`node: the policy is for ${policy.node}, not ${nodeId}`]);
  return policy;
}
