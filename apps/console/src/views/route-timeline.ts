import type { AlertRoute, RouteHop } from '@cirtmesh/client';
import { html, nothing, svg, type TemplateResult } from 'lit-html';

const ROW = 22;
const WIDTH = 640;
const LABEL = 170;
const RIGHT = 70;
const TOP = 18;

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(ms: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(ms, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= ms) ?? 10 * power;
}

function stepText(hop: RouteHop): string {
  if (hop.role === 'origin') return hop.at ? 'stored at the origin' : 'origin';
  if (hop.outcome === 'refused' || hop.outcome === 'deferred') return hop.outcome;
  if (hop.at === undefined) return hop.role === 'recipient' ? 'delivered, not reported stored yet' : 'no receipt yet';
  return hop.role === 'hub' ? 'decided' : 'stored';
}

function hopTitle(hop: RouteHop): string {
  const time = hop.sinceCreationMs === undefined ? '' : `, +${hop.sinceCreationMs} ms from creation (hop ${hop.hopMs ?? 0} ms)`;
  const why = (hop.reasons ?? []).map((r) => r.code).join(', ');
  return `${hop.party} (${hop.role}): ${stepText(hop)}${time}${hop.outcome !== 'delivered' && why ? `; ${why}` : ''}`;
}

/**
 * An alert's route as a timeline: one row per party in walking order, each hop drawn as a bar from
 * the party it came from to the moment this one was done with it (a hub decided, a recipient
 * stored it), on one time axis from the alert's creation. The slowest hop is marked; a refusal is
 * a cross. The table below says the same for screen readers and for copying.
 */
export function routeTimeline(route: AlertRoute): TemplateResult {
  const known = route.hops.filter((h) => h.sinceCreationMs !== undefined);
  const top = niceCeiling(Math.max(1, ...known.map((h) => h.sinceCreationMs ?? 0)));
  const x = (ms: number): number => LABEL + (ms / top) * (WIDTH - LABEL - RIGHT);
  const height = TOP + route.hops.length * ROW + 8;
  const byParty = new Map(route.hops.map((h) => [h.party, h]));
  const row = (hop: RouteHop, i: number): TemplateResult => {
    const y = TOP + i * ROW + ROW / 2;
    const label = svg`<text class="party" x=${4 + hop.depth * 12} y=${y + 4}>${hop.party}</text>`;
    const title = svg`<title>${hopTitle(hop)}</title>`;
    if (hop.sinceCreationMs === undefined) {
      const mark = hop.outcome === 'refused' || hop.outcome === 'deferred' ? '✕' : '…';
      return svg`<g class=${`hop hop-${hop.outcome ?? 'unknown'}`} data-party=${hop.party}>${label}
        <text class="pending" x=${LABEL + 4} y=${y + 4}>${mark} ${stepText(hop)}</text>${title}</g>`;
    }
    const fromMs = hop.from ? (byParty.get(hop.from)?.sinceCreationMs ?? 0) : 0;
    const at = hop.sinceCreationMs;
    return svg`<g class=${`hop${hop.slowest ? ' slowest' : ''}`} data-party=${hop.party}>${label}
      <line class="bar" x1=${x(Math.min(fromMs, at))} y1=${y} x2=${x(at)} y2=${y}></line>
      <circle class="point" cx=${x(at)} cy=${y} r="4"></circle>
      <text class="tick" x=${x(at) + 7} y=${y + 4}>+${at} ms${hop.slowest ? ' ◀ slowest' : ''}</text>${title}</g>`;
  };
  return html`<figure class="route" id="route-timeline">
      <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="route-caption">
        ${svg`<line class="axis" x1=${LABEL} y1=${TOP - 6} x2=${WIDTH - RIGHT} y2=${TOP - 6}></line>
          <text class="tick" x=${LABEL} y=${TOP - 8}>created</text>
          <text class="tick" x=${WIDTH - RIGHT} y=${TOP - 8} text-anchor="end">${top} ms</text>`}
        ${route.hops.map(row)}
      </svg>
      <figcaption id="route-caption">
        Route from ${route.origin}:
        ${route.slowest ? html`the slowest hop was to ${route.slowest.party}, ${route.slowest.hopMs} ms.` : 'no hop time is known yet.'}
      </figcaption>
    </figure>
    ${routeTable(route)}`;
}

/** The route's table: the same as the picture, for screen readers and for copying. */
function routeTable(route: AlertRoute): TemplateResult {
  return html`<table class="route-table">
    <thead>
      <tr>
        <th scope="col">Party</th>
        <th scope="col">Step</th>
        <th scope="col">From creation</th>
        <th scope="col">Hop</th>
      </tr>
    </thead>
    <tbody>
      ${route.hops.map(
        (h) =>
          html`<tr class=${h.slowest ? 'slowest' : ''}>
            <td style=${`padding-left: ${0.5 + h.depth}em`}>${h.party} <span class="help">${h.role}</span></td>
            <td>
              ${h.outcome ? html`<span class="outcome outcome-${h.outcome}">${stepText(h)}</span>` : stepText(h)}
              ${
                h.outcome === 'refused' || h.outcome === 'deferred'
                  ? (h.reasons ?? []).map((r) => html`<div><code>${r.code}</code> ${r.text}</div>`)
                  : nothing
              }
            </td>
            <td>${h.sinceCreationMs === undefined ? '—' : `+${h.sinceCreationMs} ms`}</td>
            <td>${h.hopMs === undefined ? '—' : `${h.hopMs} ms`}${h.slowest ? ' (slowest)' : ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
