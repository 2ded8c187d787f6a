import { ConfigError, PartyEnv, partyConfig, validateEnv, type PartyConfig } from '@cirtmesh/config';
import { loadMeshSpec, MeshDirectory } from '@cirtmesh/mesh';
import { PARTY_ID } from '@cirtmesh/contracts';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { dirname, resolve } from 'node:path';

/** Environment of a hub. Nothing else in the app reads process.env. CIRTMESH_API_TOKEN is the admin token. */
export class HubEnv extends PartyEnv {
  @Matches(PARTY_ID, { message: 'must be a hub id from the mesh file: a region id, or the global id' })
  CIRTMESH_HUB_ID!: string;

  @IsIn(['regional', 'global'], { message: 'must be regional or global' })
  CIRTMESH_HUB_ROLE!: 'regional' | 'global';

  /** The trust policy file; by default the one the mesh file names for this hub. */
  @IsOptional()
  @IsString()
  CIRTMESH_POLICY_FILE?: string;
}

export interface HubConfig extends PartyConfig {
  hubId: string;
  role: 'regional' | 'global';
  /** The hub above, for a regional hub. */
  parent?: string;
  directory: MeshDirectory;
  /** Absent: the built-in open policy (every member trusted up to RED; baseline TLP and scope rules). */
  policyFile?: string;
}

export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const e = validateEnv(HubEnv, env);
  const directory = new MeshDirectory(loadMeshSpec(e.CIRTMESH_MESH_FILE));
  const hub = directory.hub(e.CIRTMESH_HUB_ID);
  if (!hub) throw new ConfigError([`CIRTMESH_HUB_ID: ${e.CIRTMESH_HUB_ID} is not a hub in ${e.CIRTMESH_MESH_FILE}`]);
  if (hub.role !== e.CIRTMESH_HUB_ROLE) {
    throw new ConfigError([`CIRTMESH_HUB_ROLE: ${e.CIRTMESH_HUB_ID} is a ${hub.role} hub in the mesh file, not ${e.CIRTMESH_HUB_ROLE}`]);
  }
  const policyFile = e.CIRTMESH_POLICY_FILE ?? (hub.policy ? resolve(dirname(e.CIRTMESH_MESH_FILE), hub.policy) : undefined);
  return { ...partyConfig(e), hubId: hub.id, role: hub.role, parent: hub.parent, directory, policyFile };
}
