import type { SubmittedAlert } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { repeat } from 'lit-html/directives/repeat.js';
import type { Failure } from '../errors';
import { alertHref } from '../router';
import { toSubmission, type IndicatorRow } from '../submission';
import { CATEGORIES, INDICATOR_TYPES, SCOPES, SEVERITIES, TLPS } from '../vocabulary';
import { failureBox, View, type ConsoleContext } from './view';

const SCOPE_HELP: Record<(typeof SCOPES)[number], string> = {
  national: 'national (this node only)',
  regional: 'regional (this region)',
  global: 'global (every region)',
};

/**
 * A new alert for the mesh. The form checks almost nothing itself: the node validates the
 * submission, and its messages (400) or its outbound policy's reasons (422) are shown as they come.
 */
export class SubmitView extends View {
  readonly title = 'Submit an alert';
  private busy = false;
  private failure?: Failure;
  private accepted?: SubmittedAlert;
  private rows: IndicatorRow[] = [];
  private rowKeys = 0;

  constructor(private readonly ctx: ConsoleContext) {
    super();
    this.rows = [this.newRow()];
  }

  private newRow(): IndicatorRow {
    return { key: ++this.rowKeys, type: 'ipv4', value: '' };
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = toSubmission(new FormData(form), this.rows);
    this.busy = true;
    this.failure = undefined;
    this.accepted = undefined;
    this.update();
    this.ctx.client.submit(body).then(
      (accepted) => {
        this.busy = false;
        this.accepted = accepted;
        form.reset();
        this.rows = [this.newRow()];
        this.update();
        form.querySelector<HTMLElement>('.success')?.focus();
      },
      (error: unknown) => {
        this.busy = false;
        const failure = this.ctx.failed(error);
        this.failure =
          failure.status === 422 ? { ...failure, summary: `this node's outbound policy refused the alert: ${failure.summary}` } : failure;
        this.update();
        form.querySelector<HTMLElement>('.failure-holder')?.focus();
      },
    );
  }

  private editRow(key: number, change: Partial<IndicatorRow>): void {
    this.rows = this.rows.map((r) => (r.key === key ? { ...r, ...change } : r));
    this.update();
  }

  protected template(): TemplateResult {
    return html`<section aria-labelledby="page-title">
      <h1 id="page-title" tabindex="-1">Submit an alert</h1>
      <form class="submit" @submit=${(e: SubmitEvent) => this.submit(e)}>
        ${this.outcome()}
        <div class="field wide">
          <label for="s-title">Title</label>
          <input id="s-title" name="title" type="text" required autocomplete="off" />
        </div>
        <div class="field wide">
          <label for="s-description">Description (optional)</label>
          <textarea id="s-description" name="description" rows="5"></textarea>
        </div>
        ${this.classification()} ${this.audience()} ${this.indicators()} ${this.extras()}
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Submitting…' : 'Submit the alert'}</button>
      </form>
    </section>`;
  }

  /** What came of the last submission: accepted with a link to it, or the API's messages. */
  private outcome(): TemplateResult | typeof nothing {
    if (this.failure) return html`<div tabindex="-1" class="failure-holder">${failureBox(this.failure, 'Alert not accepted')}</div>`;
    if (!this.accepted) return nothing;
    return html`<p class="success" role="status" tabindex="-1">
      Alert accepted: <a href=${alertHref(this.accepted.id)}>${this.accepted.title}</a> (event ${this.accepted.seq}). It is stored on this
      node and goes to the mesh with the uplink.
    </p>`;
  }

  /** Category, severity, TLP and scope. */
  private classification(): TemplateResult {
    return html`<div class="row">
      <div class="field">
        <label for="s-category">Category</label>
        <select id="s-category" name="category">
          ${CATEGORIES.map((c) => html`<option value=${c}>${c}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="s-severity">Severity</label>
        <select id="s-severity" name="severity">
          ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${s === 'medium'}>${s}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="s-tlp">TLP</label>
        <select id="s-tlp" name="tlp">
          ${TLPS.map((t) => html`<option value=${t} ?selected=${t === 'GREEN'}>TLP:${t}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="s-scope">Scope</label>
        <select id="s-scope" name="scope">
          ${SCOPES.map((s) => html`<option value=${s} ?selected=${s === 'regional'}>${SCOPE_HELP[s]}</option>`)}
        </select>
      </div>
    </div>`;
  }

  /** Who may receive it: named recipients and sharing groups. */
  private audience(): TemplateResult {
    return html`<div class="row">
      <div class="field">
        <label for="s-recipients">Recipients</label>
        <input id="s-recipients" name="recipients" type="text" autocomplete="off" aria-describedby="s-recipients-help" />
        <p id="s-recipients-help" class="help">Node ids, separated by commas. AMBER, AMBER+STRICT and RED need a recipient or a group.</p>
      </div>
      <div class="field">
        <label for="s-groups">Sharing groups</label>
        <input id="s-groups" name="groups" type="text" autocomplete="off" aria-describedby="s-groups-help" />
        <p id="s-groups-help" class="help">Group names from the hubs' policies, such as an MoU, separated by commas.</p>
      </div>
    </div>`;
  }

  /** The indicators, a row each, added and removed in place. */
  private indicators(): TemplateResult {
    return html`<fieldset>
      <legend>Indicators</legend>
      ${repeat(
        this.rows,
        (r) => r.key,
        (r, i) =>
          html`<div class="indicator">
            <label for="i-type-${r.key}">Type of indicator ${i + 1}</label>
            <select id="i-type-${r.key}" @change=${(e: Event) => this.editRow(r.key, { type: (e.target as HTMLSelectElement).value })}>
              ${INDICATOR_TYPES.map((t) => html`<option value=${t} ?selected=${t === r.type}>${t}</option>`)}
            </select>
            <label for="i-value-${r.key}">Value of indicator ${i + 1}</label>
            <input
              id="i-value-${r.key}"
              type="text"
              autocomplete="off"
              spellcheck="false"
              .value=${live(r.value)}
              @input=${(e: Event) => this.editRow(r.key, { value: (e.target as HTMLInputElement).value })}
            />
            <button
              type="button"
              class="secondary"
              @click=${() => {
                this.rows = this.rows.filter((x) => x.key !== r.key);
                this.update();
              }}
            >
              Remove indicator ${i + 1}
            </button>
          </div>`,
      )}
      <button
        type="button"
        class="secondary"
        @click=${() => {
          this.rows = [...this.rows, this.newRow()];
          this.update();
        }}
      >
        Add an indicator
      </button>
    </fieldset>`;
  }

  /** Sectors, references, validity and embargo. */
  private extras(): TemplateResult {
    return html`<div class="row">
        <div class="field">
          <label for="s-sectors">Sectors (optional)</label>
          <input id="s-sectors" name="sectors" type="text" autocomplete="off" aria-describedby="s-sectors-help" />
          <p id="s-sectors-help" class="help">Separated by commas, such as finance, energy.</p>
        </div>
        <div class="field">
          <label for="s-references">References (optional)</label>
          <textarea id="s-references" name="references" rows="2" aria-describedby="s-references-help"></textarea>
          <p id="s-references-help" class="help">http(s) links, one a line.</p>
        </div>
      </div>
      <div class="row">
        <div class="field">
          <label for="s-valid-until">Valid until (optional)</label>
          <input id="s-valid-until" name="validUntil" type="datetime-local" />
        </div>
        <div class="field">
          <label for="s-not-before">Embargo until (optional)</label>
          <input id="s-not-before" name="notBefore" type="datetime-local" aria-describedby="s-not-before-help" />
          <p id="s-not-before-help" class="help">The hubs hold the alert back until then.</p>
        </div>
      </div>`;
  }
}
