import type { PartyIdentity } from '@cirtmesh/federation';
import type { MeshSpec } from '@cirtmesh/mesh';
import type { PartyPorts } from '@cirtmesh/parties';
import { PORTS_PER_PARTY } from '@cirtmesh/topology';
import { dirname, resolve } from 'node:path';

export interface DemoParty {
  identity: PartyIdentity;
  ports: PartyPorts;
  /** Its policy file, as the mesh file names it. */
  policy?: string;
}

/** The mesh file's parties in order (global, then each region's hub and its nodes), each with its block of ports. */
export function demoParties(spec: MeshSpec, meshFile: string, basePort: number): DemoParty[] {
  const policyPath = (file?: string): string | undefined => (file ? resolve(dirname(meshFile), file) : undefined);
  const parties: Array<Omit<DemoParty, 'ports'>> = [
    { identity: { id: spec.global.id, kind: 'hub', role: 'global' }, policy: policyPath(spec.global.policy) },
  ];
  for (const region of spec.regions) {
    const hub: PartyIdentity = {
      id: region.id,
      kind: 'hub',
      role: 'regional',
      region: region.id,
      parent: spec.global.id,
      ...(region.name ? { name: region.name } : {}),
    };
    parties.push({ identity: hub, policy: policyPath(region.policy) });
    for (const node of region.nodes) {
      const identity: PartyIdentity = {
        id: node.id,
        kind: 'node',
        role: 'national',
        region: region.id,
        parent: region.id,
        country: node.country,
        ...(node.name ? { name: node.name } : {}),
      };
      parties.push({ identity, policy: policyPath(node.policy) });
    }
  }
  return parties.map((p, i) => {
    const base = basePort + i * PORTS_PER_PARTY;
    const ports: PartyPorts =
      p.identity.kind === 'hub' ? { client: base, leaf: base + 1, http: base + 2 } : { client: base, smtp: base + 1, http: base + 2 };
    return { ...p, ports };
  });
}
