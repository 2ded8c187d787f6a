import { createHash } from 'node:crypto';
import type { MeshSpec } from './mesh-spec';

export interface DirectoryNode {
  id: string;
  region: string;
  country: string;
  name?: string;
  /** Its outbound policy file as the mesh file names it (relative to the mesh file). */
  policy?: string;
}

export interface DirectoryHub {
  id: string;
  role: 'regional' | 'global';
  /** Regional hubs: the region they serve. */
  region?: string;
  /** The hub above this one, if any. */
  parent?: string;
  /** Its trust policy file as the mesh file names it (relative to the mesh file). */
  policy?: string;
}

/** The mesh's parties as a directory lists them: a mesh file, or the signed directory of a federation. */
export type DirectoryListing = Pick<MeshSpec, 'hopLimit'> & {
  global: { id: string; policy?: string };
  regions: Array<{
    id: string;
    name?: string;
    policy?: string;
    nodes: Array<{ id: string; country: string; name?: string; policy?: string }>;
  }>;
};

/**
 * Who is in the mesh and where, as plain data. Hubs and nodes derive it from the mesh file or
 * from the federation's signed directory, so every party on a path resolves a name the same way.
 * A federation's directory changes while the mesh runs: `replace` puts a new listing in force
 * for everyone holding this object.
 */
export class MeshDirectory {
  private nodes = new Map<string, DirectoryNode>();
  private hubs = new Map<string, DirectoryHub>();
  private spec: DirectoryListing;
  /** Members by hub, worked out once a listing: asked for on every message. */
  private members = new Map<string, string[]>();
  private listingVersion?: string;

  constructor(spec: DirectoryListing) {
    this.spec = spec;
    this.replace(spec);
  }

  /** Puts a new listing in force. */
  replace(spec: DirectoryListing): void {
    const hubs = new Map<string, DirectoryHub>();
    const nodes = new Map<string, DirectoryNode>();
    hubs.set(spec.global.id, { id: spec.global.id, role: 'global', policy: spec.global.policy });
    for (const region of spec.regions) {
      hubs.set(region.id, { id: region.id, role: 'regional', region: region.id, parent: spec.global.id, policy: region.policy });
      for (const node of region.nodes) {
        nodes.set(node.id, { id: node.id, region: region.id, country: node.country, name: node.name, policy: node.policy });
      }
    }
    this.spec = spec;
    this.hubs = hubs;
    this.nodes = nodes;
    this.members = new Map();
    this.listingVersion = undefined;
  }

  /** A short digest of the listing in force: the same listing gives the same version at every party. */
  get version(): string {
    this.listingVersion ??= createHash('sha256').update(JSON.stringify(this.spec)).digest('hex').slice(0, 16);
    return this.listingVersion;
  }

  get globalHubId(): string {
    return this.spec.global.id;
  }

  get hopLimit(): number {
    return this.spec.hopLimit;
  }

  node(id: string): DirectoryNode | undefined {
    return this.nodes.get(id);
  }

  hub(id: string): DirectoryHub | undefined {
    return this.hubs.get(id);
  }

  allNodes(): DirectoryNode[] {
    return [...this.nodes.values()];
  }

  regions(): string[] {
    return this.spec.regions.map((r) => r.id);
  }

  nodesIn(region: string): DirectoryNode[] {
    return this.allNodes().filter((n) => n.region === region);
  }

  /** The direct members of a hub: nodes for a regional hub, regional hubs for the global one. */
  membersOf(hubId: string): string[] {
    let members = this.members.get(hubId);
    if (!members) {
      const hub = this.hubs.get(hubId);
      members = !hub ? [] : hub.role === 'global' ? this.regions() : this.nodesIn(hubId).map((n) => n.id);
      this.members.set(hubId, members);
    }
    return members;
  }

  /** The hub a party connects up to. */
  parentOf(id: string): string | undefined {
    const node = this.nodes.get(id);
    if (node) return node.region;
    return this.hubs.get(id)?.parent;
  }
}
