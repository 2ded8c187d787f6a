import type { MeshDirectory } from '@cirtmesh/mesh';

/** Where a message reached this hub from: a member below (its INGEST) or the hub above (its DELIVER). */
export type ArrivedFrom = 'below' | 'above';

/** This hub as the directory places it: its role, the hub above, its members. */
export interface HubView {
  id: string;
  role: 'regional' | 'global';
  parent?: string;
  /** Nodes for a regional hub, regional hubs for the global one: as the directory lists them now. */
  readonly members: string[];
}

export function hubView(directory: MeshDirectory, hubId: string): HubView {
  const hub = directory.hub(hubId);
  if (!hub) throw new Error(`hub ${hubId} is not in the directory`);
  return {
    id: hubId,
    role: hub.role,
    parent: hub.parent,
    get members() {
      return directory.membersOf(hubId);
    },
  };
}
