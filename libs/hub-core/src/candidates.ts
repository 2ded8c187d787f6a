import type { MeshDirectory } from '@cirtmesh/mesh';
import type { Candidate } from '@cirtmesh/trust';
import type { ArrivedFrom, HubView } from './hub-view';

export interface CandidateContext {
  /** Who handed this hub the alert: a member, or the hub above. */
  sender: string;
  from: ArrivedFrom;
  origin: string;
  /** Every node the alert names, directly or through its groups, under this hub's policy. */
  named: ReadonlySet<string>;
}

/**
 * Every party this hub decides on for one alert: the one list routing and "explain" both use.
 * - The global hub: every region but the one the alert came from.
 * - A regional hub: its members but the origin; for an alert from below, also the hub above
 *   (reaching the other regions) and every named node beyond this region, whose refusals this
 *   hub records itself.
 */
export function candidatesFor(hub: HubView, directory: MeshDirectory, context: CandidateContext): Candidate[] {
  if (hub.role === 'global') {
    return directory
      .regions()
      .filter((region) => region !== context.sender)
      .map((region) => ({ kind: 'hub', id: region, reach: [region] }));
  }
  const out: Candidate[] = hub.members.filter((m) => m !== context.origin).map((m) => ({ kind: 'node', id: m, direct: true }));
  if (context.from === 'below') {
    if (hub.parent) out.push({ kind: 'hub', id: hub.parent, reach: directory.regions().filter((r) => r !== hub.id) });
    for (const node of context.named) {
      if (!hub.members.includes(node) && node !== context.origin) out.push({ kind: 'node', id: node, direct: false });
    }
  }
  return out;
}

/** How an alert from `origin` reaches this hub: from below (its own region, or a region for the global hub) or from above. */
export function arrivalOf(hub: HubView, directory: MeshDirectory, origin: string): { sender: string; from: ArrivedFrom } | undefined {
  const region = directory.node(origin)?.region;
  if (!region) return undefined;
  if (hub.role === 'global') return { sender: region, from: 'below' };
  if (region === hub.id) return { sender: origin, from: 'below' };
  return hub.parent ? { sender: hub.parent, from: 'above' } : undefined;
}
