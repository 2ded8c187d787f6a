import type { NodeStatus, QueueStatus } from '@cirtmesh/client';
import { html, svg, type TemplateResult } from 'lit-html';

const WIDTH = 640;
const HEIGHT = 120;
const BOX = { width: 130, height: 44 };
const MID = 44;

interface Party {
  id: string;
  role: string;
  /** Under the box: what waits there. */
  note: string;
}

interface Link {
  up: boolean | undefined;
  label: string;
}

function waiting(b: { pending: number; inFlight: number } | null | undefined): string {
  return b ? `${b.pending} waiting${b.inFlight > 0 ? `, ${b.inFlight} in hand` : ''}` : 'backlog unknown';
}

function queueNote(q: QueueStatus | null): string {
  return q ? String(q.pending) : '?';
}

function linkWord(up: boolean | undefined): string {
  return up === undefined ? 'unknown' : up ? 'up' : 'down';
}

/**
 * The mesh as far as this node can know it: this node, its hub and the hub above, each link with
 * its state and what waits at each end. The node knows its own side; beyond its link it knows what
 * its hub last told its members (the hub's backlog, its link up, and the hub above's backlog).
 */
export function meshPicture(status: NodeStatus, now: Date): TemplateResult {
  const hub = status.mesh.hub;
  const parties: Party[] = [
    { id: status.node, role: 'this node', note: `${queueNote(status.outbound)} to send, ${queueNote(status.inbound)} to receive` },
    { id: status.link.hub, role: 'regional hub', note: waiting(hub?.backlog) },
  ];
  const links: Link[] = [{ up: status.link.up, label: `link ${linkWord(status.link.up)}` }];
  if (hub?.parent) {
    parties.push({ id: hub.parent, role: 'hub above', note: hub.above ? waiting(hub.above.backlog) : 'not heard' });
    links.push({ up: hub.link?.up, label: `link ${linkWord(hub.link?.up)}` });
  }
  const gap = (WIDTH - parties.length * BOX.width) / (parties.length + 1);
  const left = (i: number): number => gap + i * (BOX.width + gap);
  const heard = hub ? Math.max(0, Math.round((now.getTime() - Date.parse(hub.receivedAt)) / 1000)) : undefined;
  return html`<figure class="mesh-picture" id="mesh-picture">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="mesh-caption">
      ${links.map((link, i) => {
        const x1 = left(i) + BOX.width;
        const x2 = left(i + 1);
        return svg`<g class=${`link link-${linkWord(link.up)}`} data-link=${`${parties[i].id}-${parties[i + 1].id}`}>
          <line x1=${x1} y1=${MID} x2=${x2} y2=${MID}></line>
          <text class="label" x=${(x1 + x2) / 2} y=${MID - 8} text-anchor="middle">${link.label}</text>
          <title>${parties[i].id} to ${parties[i + 1].id}: ${link.label}</title>
        </g>`;
      })}
      ${parties.map(
        (p, i) => svg`<g class="party" data-party=${p.id}>
          <rect x=${left(i)} y=${MID - BOX.height / 2} width=${BOX.width} height=${BOX.height} rx="6"></rect>
          <text class="name" x=${left(i) + BOX.width / 2} y=${MID - 2} text-anchor="middle">${p.id}</text>
          <text class="role" x=${left(i) + BOX.width / 2} y=${MID + 13} text-anchor="middle">${p.role}</text>
          <text class="note" x=${left(i) + BOX.width / 2} y=${MID + BOX.height / 2 + 16} text-anchor="middle">${p.note}</text>
          <title>${p.id} (${p.role}): ${p.note}</title>
        </g>`,
      )}
    </svg>
    <figcaption id="mesh-caption">
      ${parties.map((p) => p.id).join(' → ')}:
      ${
        hub
          ? `${status.link.hub} last told its members about itself ${heard} s ago.`
          : `nothing heard from ${status.link.hub} yet; the link's own state is this node's.`
      }
    </figcaption>
  </figure>`;
}
