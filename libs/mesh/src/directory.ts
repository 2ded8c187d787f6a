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

/**
 * Who is in the mesh and where, as plain data. Hubs and nodes derive it from the mesh file,
 * so every party on a path resolves a name the same way.
 */
export class MeshDirectory {
  private readonly nodes = new Map<string, DirectoryNode>();
  private readonly hubs = new Map<string, DirectoryHub>();

  constructor(readonly spec: MeshSpec) {
    this.hubs.set(spec.global.id, { id: spec.global.id, role: 'global', policy: spec.global.policy });
    for (const region of spec.regions) {
      this.hubs.set(region.id, { id: region.id, role: 'regional', region: region.id, parent: spec.global.id, policy: region.policy });
      for (const node of region.nodes) {
        this.nodes.set(node.id, { id: node.id, region: region.id, country: node.country, name: node.name, policy: node.policy });
      }
    }
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
    const hub = this.hubs.get(hubId);
    if (!hub) return [];
    if (hub.role === 'global') return this.regions();
    return this.nodesIn(hubId).map((n) => n.id);
  }

  /** The hub a party connects up to. */
  parentOf(id: string): string | undefined {
    const node = this.nodes.get(id);
    if (node) return node.region;
    return this.hubs.get(id)?.parent;
  }
}
