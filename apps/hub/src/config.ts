import { ConfigError, loadDirectory, PartyEnv, partyConfig, sourceName, validateEnv, type PartyConfig } from '@cirtmesh/config';
import type { DirectoryState } from '@cirtmesh/federation';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { PARTY_ID } from '@cirtmesh/contracts';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { resolve } from 'node:path';

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

  /** In a federation: the hub's own directory section (its admitted members), signed by the hub; watched. */
  @IsOptional()
  @IsString()
  CIRTMESH_SECTION_FILE?: string;
}

export interface HubConfig extends PartyConfig {
  hubId: string;
  role: 'regional' | 'global';
  /** The hub above, for a regional hub. */
  parent?: string;
  directory: MeshDirectory;
  /** Absent: the built-in open policy (every member trusted up to RED; baseline TLP and scope rules). */
  policyFile?: string;
  /** In a federation: the verified directory, kept current over the mesh. */
  federation?: DirectoryState;
  /** In a federation: the hub's own signed section, which it publishes when it changes. */
  sectionFile?: string;
}

export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const e = validateEnv(HubEnv, env);
  const party = partyConfig(e, 'cirtmesh-hub');
  const { directory, baseDir, state } = loadDirectory(party.source);
  const hub = directory.hub(e.CIRTMESH_HUB_ID);
  if (!hub) throw new ConfigError([`CIRTMESH_HUB_ID: ${e.CIRTMESH_HUB_ID} is not a hub in ${sourceName(party.source)}`]);
  if (hub.role !== e.CIRTMESH_HUB_ROLE) {
    throw new ConfigError([
      `CIRTMESH_HUB_ROLE: ${e.CIRTMESH_HUB_ID} is a ${hub.role} hub in ${sourceName(party.source)}, not ${e.CIRTMESH_HUB_ROLE}`,
    ]);
  }
  const policyFile = e.CIRTMESH_POLICY_FILE ?? (hub.policy && baseDir ? resolve(baseDir, hub.policy) : undefined);
  return {
    ...party,
    hubId: hub.id,
    role: hub.role,
    parent: hub.parent,
    directory,
    policyFile,
    federation: state,
    sectionFile: e.CIRTMESH_SECTION_FILE,
  };
}
