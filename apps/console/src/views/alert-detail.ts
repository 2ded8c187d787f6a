import type { AlertRoute, StoredAlert } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Failure } from '../errors';
import { list, severityBadge, tlpLabel, when } from '../format';
import { ExportButtons } from './export-buttons';
import { FeedbackForms } from './feedback-forms';
import { routeTimeline } from './route-timeline';
import { failureBox, tableHead, View, type ConsoleContext } from './view';

/** Only web links become links; anything else in an alert stays text. */
const WEB_LINK = /^https?:\/\//i;

/**
 * One alert as this node holds it: its content and indicators, who signed it and which hubs
 * changed it on the way, its route as a timeline, where it went (sent alerts), and the acks and
 * sightings it got back.
 */
export class AlertDetailView extends View {
  readonly title = 'Alert';
  private record?: StoredAlert;
  private route?: AlertRoute;
  private failure?: Failure;
  private loading = false;
  private forms?: FeedbackForms;
  private readonly exports: ExportButtons;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly id: string,
  ) {
    super();
    this.exports = new ExportButtons(ctx.client, id, { failed: (error) => ctx.failed(error), changed: () => this.update() });
  }

  protected override started(): void {
    this.load();
  }

  private load(): void {
    this.loading = true;
    this.update();
    Promise.all([this.ctx.client.getAlert(this.id), this.ctx.client.getRoute(this.id)]).then(
      ([record, route]) => {
        this.record = record;
        this.route = route;
        this.failure = undefined;
        this.loading = false;
        if (record.direction === 'received' && !this.forms)
          this.forms = new FeedbackForms(this.ctx.client, record.alert.id, record.alert.origin, {
            failed: (error) => this.ctx.failed(error),
            changed: () => this.update(),
            sent: () => this.load(),
          });
        this.update();
      },
      (error: unknown) => {
        this.failure = this.ctx.failed(error);
        this.loading = false;
        this.update();
      },
    );
  }

  protected template(): TemplateResult {
    // One outer template, so the heading that has the focus stays in place once the alert loads.
    const r = this.record;
    return html`<article aria-labelledby="page-title">
      <p><a href="#/feed">Back to the live feed</a></p>
      <h1 id="page-title" tabindex="-1">${r ? r.alert.title : 'Alert'}</h1>
      ${r ? this.body(r) : this.loading ? html`<p role="status">Loading alert ${this.id}…</p>` : nothing}
      ${failureBox(this.failure, r ? 'Cannot refresh this alert' : 'Cannot show this alert')}
    </article>`;
  }

  private body(r: StoredAlert): TemplateResult {
    const a = r.alert;
    return html`<p class="badges">${severityBadge(a.severity)} ${tlpLabel(a.tlp)} <span class="tag">${a.category}</span></p>
      ${
        r.handling === 'organisation-only'
          ? html`<p class="handling">TLP:AMBER+STRICT: for this organisation only; do not pass it on to constituents.</p>`
          : nothing
      }
      <div class="toolbar">
        <button type="button" class="secondary" ?disabled=${this.loading} @click=${() => this.load()}>
          ${this.loading ? 'Refreshing…' : 'Refresh'}
        </button>
        ${this.exports.buttons()}
      </div>
      ${this.exports.result()} ${a.description ? html`<p class="description">${a.description}</p>` : nothing}
      <dl class="facts">
        <dt>Alert id</dt>
        <dd><code>${a.id}</code></dd>
        <dt>Origin</dt>
        <dd>${a.origin}</dd>
        <dt>Direction</dt>
        <dd>${r.direction === 'sent' ? 'sent by this node' : 'received from the mesh'}</dd>
        <dt>Created</dt>
        <dd>${when(a.createdAt)}</dd>
        <dt>Stored here</dt>
        <dd>${when(r.storedAt)} (event ${r.seq})</dd>
        <dt>Scope</dt>
        <dd>${a.scope}</dd>
        ${
          r.via.length > 0
            ? html`<dt>Via hubs</dt>
                <dd>${r.via.join(' → ')}</dd>`
            : nothing
        }
        <dt>Recipients</dt>
        <dd>${list(a.recipients)}</dd>
        <dt>Sharing groups</dt>
        <dd>${list(a.groups)}</dd>
        <dt>Sectors</dt>
        <dd>${list(a.sectors)}</dd>
        ${
          a.validUntil
            ? html`<dt>Valid until</dt>
                <dd>${when(a.validUntil)}</dd>`
            : nothing
        }
        ${
          a.notBefore
            ? html`<dt>Embargo until</dt>
                <dd>${when(a.notBefore)}</dd>`
            : nothing
        }
      </dl>
      ${this.references(r)} ${this.indicators(r)} ${this.provenance(r)} ${this.timeline(r)} ${this.deliveries(r)} ${this.feedback(r)}
      ${this.forms ? this.forms.template() : nothing}`;
  }

  private references(r: StoredAlert): TemplateResult | typeof nothing {
    const refs = r.alert.references ?? [];
    if (refs.length === 0) return nothing;
    return html`<section aria-labelledby="references-title">
      <h2 id="references-title">References</h2>
      <ul>
        ${refs.map((ref) =>
          WEB_LINK.test(ref) ? html`<li><a href=${ref} rel="noopener noreferrer" target="_blank">${ref}</a></li>` : html`<li>${ref}</li>`,
        )}
      </ul>
    </section>`;
  }

  private indicators(r: StoredAlert): TemplateResult {
    const items = r.alert.indicators ?? [];
    return html`<section aria-labelledby="indicators-title">
      <h2 id="indicators-title">Indicators</h2>
      ${
        items.length === 0
          ? html`<p>None.</p>`
          : html`<table>
              ${tableHead('Type', 'Value')}
              <tbody>
                ${items.map(
                  (i) =>
                    html`<tr>
                      <td>${i.type}</td>
                      <td><code>${i.value}</code></td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  }

  private provenance(r: StoredAlert): TemplateResult {
    const p = r.provenance;
    return html`<section aria-labelledby="provenance-title">
      <h2 id="provenance-title">Provenance</h2>
      ${
        !p
          ? html`<p>
              ${r.direction === 'sent' ? 'Signed by this node when it was submitted.' : 'No provenance was recorded for this alert.'}
            </p>`
          : html`<p class="signature">
                Signed by <strong>${p.origin.node}</strong> with key <code>${p.origin.kid}</code>, verified on arrival.
              </p>
              ${
                p.attestations.length === 0
                  ? html`<p>No hub changed it on the way.</p>`
                  : html`<table>
                      <caption>
                        Hubs that changed it, each with its signed attestation
                      </caption>
                      ${tableHead('Hub', 'Key', 'When', 'Redactions')}
                      <tbody>
                        ${p.attestations.map(
                          (at) =>
                            html`<tr>
                              <td>${at.hub}</td>
                              <td><code>${at.kid}</code></td>
                              <td>${when(at.at)}</td>
                              <td>${at.redactions.length === 0 ? '—' : at.redactions.map((x) => `${x.field}: ${x.action}`).join('; ')}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>`
              }`
      }
    </section>`;
  }

  /** Where it went and how long each hop took: from receipts and stored notices (sent), or the hubs it crossed (received). */
  private timeline(r: StoredAlert): TemplateResult | typeof nothing {
    if (!this.route) return nothing;
    return html`<section aria-labelledby="route-title">
      <h2 id="route-title">Route</h2>
      <p class="help">
        ${
          r.direction === 'sent'
            ? "Each hop as the hubs' receipts and the recipients' stored notices report it, timed from the alert's creation."
            : "The hubs it crossed, and how long it took to reach this node; the hops' own times are known to its origin."
        }
      </p>
      ${routeTimeline(this.route)}
    </section>`;
  }

  private deliveries(r: StoredAlert): TemplateResult | typeof nothing {
    if (r.direction !== 'sent') return nothing;
    const items = r.deliveries ?? [];
    return html`<section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      ${
        items.length === 0
          ? html`<p>No receipt from a hub yet.</p>`
          : html`<table>
              ${tableHead('Recipient', 'Outcome', 'Decided by', 'When', 'Reasons', 'Redactions')}
              <tbody>
                ${items.map(
                  (d) =>
                    html`<tr>
                      <td>${d.recipient}</td>
                      <td><span class="outcome outcome-${d.outcome}">${d.outcome}</span></td>
                      <td>${d.hub} (policy ${d.policy})</td>
                      <td>${when(d.decidedAt)}${d.notBefore ? html`, held until ${when(d.notBefore)}` : nothing}</td>
                      <td>${d.reasons.map((x) => html`<div><code>${x.code}</code> ${x.text}</div>`)}</td>
                      <td>
                        ${(d.redactions ?? []).length === 0 ? '—' : (d.redactions ?? []).map((x) => `${x.field}: ${x.action}`).join('; ')}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  }

  private feedback(r: StoredAlert): TemplateResult {
    const acks = r.acks ?? [];
    const sightings = r.sightings ?? [];
    return html`<section aria-labelledby="acks-title">
        <h2 id="acks-title">Acknowledgements</h2>
        ${
          acks.length === 0
            ? html`<p>None yet.</p>`
            : html`<ul>
                ${acks.map((x) => html`<li><strong>${x.node}</strong> acted, ${when(x.at)}</li>`)}
              </ul>`
        }
      </section>
      <section aria-labelledby="sightings-title">
        <h2 id="sightings-title">Sightings</h2>
        ${
          sightings.length === 0
            ? html`<p>None yet.</p>`
            : html`<table>
                ${tableHead('Node', 'Count', 'First seen', 'Last seen')}
                <tbody>
                  ${sightings.map(
                    (s) =>
                      html`<tr>
                        <td>${s.node}</td>
                        <td>${s.count}</td>
                        <td>${when(s.firstSeen)}</td>
                        <td>${when(s.lastSeen)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>`;
  }
}
