import type { NodeStatus } from '@cirtmesh/client';
import { clean, plain, type Paint } from './terminal';

type HubBacklog = { pending: number; inFlight: number } | null;

function backlog(b: HubBacklog): string {
  return b ? `${b.pending} waiting${b.inFlight > 0 ? `, ${b.inFlight} in hand` : ''}` : 'backlog unknown';
}

/**
 * `status`: the mesh beyond the node's link, as its hub last told it: the hub's backlog, its link
 * to the hub above, and that hub's backlog; how long ago it was heard.
 */
export function formatMesh(mesh: NodeStatus['mesh'], now: Date, paint: Paint = plain): string {
  const hub = mesh.hub;
  if (!hub) return 'not heard from the hub yet';
  const ago = Math.max(0, Math.round((now.getTime() - Date.parse(hub.receivedAt)) / 1000));
  const parts = [`${clean(hub.hub)}: ${backlog(hub.backlog)}`];
  if (hub.parent) {
    const link = hub.link?.up ? paint('green', 'up') : paint('red', 'down');
    parts.push(`link to ${clean(hub.parent)} ${link}`);
    parts.push(hub.above ? `${clean(hub.above.hub)}: ${backlog(hub.above.backlog)}` : `${clean(hub.parent)}: not heard`);
  }
  return `${parts.join('; ')} (heard ${ago}s ago)`;
}
