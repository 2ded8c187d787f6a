import type { NodeStatus, QueueStatus } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Failure } from '../errors';
import { bytes, duration, when } from '../format';
import { latencyChart } from './latency-chart';
import { meshPicture } from './mesh-picture';
import { failureBox, View, type ConsoleContext } from './view';

/** How often the page asks the node again. */
export const REFRESH_MS = 5_000;

function queue(q: QueueStatus | null, none: string): TemplateResult {
  if (!q) return html`${none}`;
  return html`${q.pending} pending, ${q.inFlight} in flight, ${q.redelivered} redelivered`;
}

/** The node's link to its hub, what waits to go up or come down, and its log and archive, read every few seconds. */
export class StatusView extends View {
  readonly title = 'Mesh status';
  private status?: NodeStatus;
  private failure?: Failure;
  private readAt?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private reading = false;

  constructor(private readonly ctx: ConsoleContext) {
    super();
  }

  protected override started(): void {
    this.refresh();
  }

  protected override stopped(): void {
    clearTimeout(this.timer);
  }

  private refresh(): void {
    if (this.reading) return;
    clearTimeout(this.timer);
    this.reading = true;
    this.ctx.client.status().then(
      (status) => {
        this.status = status;
        this.failure = undefined;
        this.readAt = new Date().toISOString();
        this.next();
      },
      (error: unknown) => {
        this.failure = this.ctx.failed(error);
        this.next();
      },
    );
  }

  /** The next read starts once this one has answered, so a slow node never piles requests up. */
  private next(): void {
    this.reading = false;
    if (!this.mounted) return;
    this.update();
    this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  protected template(): TemplateResult {
    const s = this.status;
    return html`<section aria-labelledby="page-title">
      <h1 id="page-title" tabindex="-1">Mesh status</h1>
      <p class="help">
        Read from the node every ${REFRESH_MS / 1000} s${this.readAt ? html`; last read ${when(this.readAt)}` : nothing}.
        <button type="button" class="secondary" @click=${() => this.refresh()}>Read now</button>
      </p>
      ${failureBox(this.failure, 'The node did not answer')}
      ${
        s
          ? html`<h2>The mesh from here</h2>
              ${meshPicture(s, new Date(this.readAt ?? Date.now()))}
              <dl class="facts status">
                <dt>Node</dt>
                <dd>${s.node}</dd>
                <dt>Region</dt>
                <dd>${s.region}</dd>
                <dt>Status</dt>
                <dd><span class="state state-${s.status}">${s.status}</span></dd>
                <dt>Link to hub ${s.link.hub}</dt>
                <dd id="link-state">
                  <span class="state state-${s.link.up ? 'up' : 'down'}">${s.link.up ? 'up' : 'down'}</span>
                  ${s.link.error ? html` <span class="help">${s.link.error}</span>` : nothing}
                </dd>
                <dt>Outbound (to the hub)</dt>
                <dd>${queue(s.outbound, 'unknown')}</dd>
                <dt>Inbound (from the hub)</dt>
                <dd>${queue(s.inbound, 'unknown while the link is down')}</dd>
                <dt>Critical lane, out and in</dt>
                <dd>${queue(s.critical.outbound, 'unknown')}; ${queue(s.critical.inbound, 'unknown while the link is down')}</dd>
                <dt>Log</dt>
                <dd>
                  ${s.log ? html`${s.log.messages} records, events ${s.log.firstSeq} to ${s.log.lastSeq}, ${bytes(s.log.bytes)}` : 'unavailable'}
                </dd>
                <dt>Archive</dt>
                <dd>${s.archive.alerts} alerts (${s.archive.store})</dd>
                <dt>NATS</dt>
                <dd>${s.nats.connected ? `connected${s.nats.server ? ` to ${s.nats.server}` : ''}` : 'not connected'}</dd>
                <dt>Up since</dt>
                <dd>${when(s.startedAt)} (${duration(s.uptimeSeconds)})</dd>
              </dl>
              <h2>Delivery latency</h2>
              ${latencyChart(s.latency, new Date(this.readAt ?? Date.now()))}`
          : this.failure
            ? nothing
            : html`<p role="status">Asking the node…</p>`
      }
    </section>`;
  }
}
