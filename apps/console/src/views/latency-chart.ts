import type { NodeStatus } from '@cirtmesh/client';
import { html, svg, type TemplateResult } from 'lit-html';

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 48, right: 8, top: 8, bottom: 22 };
const MINUTE_MS = 60_000;

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(ms: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(ms, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= ms) ?? 10 * power;
}

/**
 * The node's delivery latency over the last hour, one point a minute with deliveries: the median
 * and the p99, from the alert's creation at its origin to its store here. Each point says its
 * figures on hover; the table below the picture says them all for screen readers.
 */
export function latencyChart(latency: NodeStatus['latency'], now: Date): TemplateResult {
  const { points, windowMinutes } = latency;
  if (points.length === 0) return html`<p class="help" id="latency-empty">Nothing received in the last ${windowMinutes} minutes.</p>`;
  const end = now.getTime();
  const start = end - windowMinutes * MINUTE_MS;
  const top = niceCeiling(Math.max(...points.map((p) => p.p99Ms)));
  const x = (iso: string): number =>
    PAD.left + ((Date.parse(iso) + MINUTE_MS / 2 - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (ms: number): number => HEIGHT - PAD.bottom - (ms / top) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (key: 'p50Ms' | 'p99Ms'): string => points.map((p) => `${x(p.minute).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const total = points.reduce((sum, p) => sum + p.deliveries, 0);
  return html`<figure class="latency" id="latency-chart">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="latency-caption">
      ${svg`<line class="axis" x1=${PAD.left} y1=${y(0)} x2=${WIDTH - PAD.right} y2=${y(0)}></line>
        <line class="axis" x1=${PAD.left} y1=${y(top)} x2=${PAD.left} y2=${y(0)}></line>
        <text class="tick" x=${PAD.left - 4} y=${y(top) + 10} text-anchor="end">${top} ms</text>
        <text class="tick" x=${PAD.left - 4} y=${y(0)} text-anchor="end">0</text>
        <text class="tick" x=${PAD.left} y=${HEIGHT - 4}>${windowMinutes} min ago</text>
        <text class="tick" x=${WIDTH - PAD.right} y=${HEIGHT - 4} text-anchor="end">now</text>
        <polyline class="p99" points=${line('p99Ms')}></polyline>
        <polyline class="p50" points=${line('p50Ms')}></polyline>
        ${points.map(
          (p) => svg`<circle class="point" cx=${x(p.minute)} cy=${y(p.p99Ms)} r="3" data-minute=${p.minute}>
            <title>${p.minute}: ${p.deliveries} received, median ${p.p50Ms} ms, p99 ${p.p99Ms} ms, slowest ${p.maxMs} ms</title>
          </circle>`,
        )}`}
    </svg>
    <figcaption id="latency-caption">
      Delivery latency, last ${windowMinutes} minutes: ${total} received; <span class="p99-key">p99</span> and
      <span class="p50-key">median</span> per minute.
    </figcaption>
  </figure>`;
}
