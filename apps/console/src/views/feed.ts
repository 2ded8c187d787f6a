import type { AlertFilter, StoredAlert, StreamEvent } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import type { Failure } from '../errors';
import { severityBadge, tlpLabel, when } from '../format';
import { textField } from '../forms';
import { AlertFeed } from '../live-feed';
import { alertHref, href } from '../router';
import { CATEGORIES, DIRECTIONS, SEVERITIES, TLPS } from '../vocabulary';
import { failureBox, tableHead, View, type ConsoleContext } from './view';

/** The feed keeps at most this many alerts on the page; older ones are in the archive. */
const MAX_SHOWN = 500;

type Connection =
  | { state: 'loading' }
  | { state: 'live'; resumedAfter?: string }
  | { state: 'reconnecting'; reason: string; retryInMs: number }
  | { state: 'stopped' };

/** The stream's notices that something was cut or lost; they stay until dismissed. */
interface Notice {
  key: number;
  kind: 'overflow' | 'aged-out';
  text: string;
  at: string;
}

const FILTER_KEYS = ['severity', 'tlp', 'category', 'direction'] as const;

function filterFrom(query: URLSearchParams): AlertFilter {
  const pick = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const value = query.get(key);
    return values.find((v) => v === value);
  };
  return {
    severity: pick('severity', SEVERITIES),
    tlp: pick('tlp', TLPS),
    category: pick('category', CATEGORIES),
    direction: pick('direction', DIRECTIONS),
  };
}

function noticeFor(event: StreamEvent): Pick<Notice, 'kind' | 'text'> | undefined {
  if (event.type === 'overflow')
    return {
      kind: 'overflow',
      text:
        `The node cut this stream (${event.reason}). The console reconnects and resumes after event ` +
        `${event.lastEventId ?? 'the last one received'}, so no alert is skipped.`,
    };
  if (event.type === 'aged-out')
    return {
      kind: 'aged-out',
      text:
        `Alerts were missed for good (${event.reason}): events after ${event.lastEventId ?? 'the last one received'}` +
        `${event.horizon ? ` up to ${event.horizon}` : ''} are no longer held by this node.`,
    };
  return undefined;
}

/** The latest alerts, then live ones as the node stores them, under the operator's filters. */
export class FeedView extends View {
  readonly title = 'Live feed';
  private filter: AlertFilter;
  private items: StoredAlert[] = [];
  private readonly live = new Set<string>();
  private connection: Connection = { state: 'loading' };
  private notices: Notice[] = [];
  private failure?: Failure;
  private feed?: AlertFeed;
  private noticeKeys = 0;

  constructor(
    private readonly ctx: ConsoleContext,
    query: URLSearchParams,
  ) {
    super();
    this.filter = filterFrom(query);
  }

  protected override started(): void {
    this.restart();
  }

  protected override stopped(): void {
    this.feed?.stop();
  }

  private restart(): void {
    this.feed?.stop();
    this.items = [];
    this.live.clear();
    this.failure = undefined;
    this.connection = { state: 'loading' };
    this.update();
    this.feed = new AlertFeed(this.ctx.client, this.filter, {
      snapshot: (items) => {
        this.items = items;
        this.update();
      },
      event: (event) => this.onEvent(event),
      failed: (error) => {
        this.failure = this.ctx.failed(error);
        this.connection = { state: 'stopped' };
        this.update();
      },
    });
    this.feed.start();
  }

  private onEvent(event: StreamEvent): void {
    switch (event.type) {
      case 'alert':
        this.add(event.record);
        break;
      case 'connected':
        this.connection = { state: 'live', resumedAfter: event.reconnected ? event.resumedAfter : undefined };
        break;
      case 'disconnected':
        this.connection = { state: 'reconnecting', reason: event.reason, retryInMs: event.retryInMs };
        break;
      case 'overflow':
      case 'aged-out': {
        const notice = noticeFor(event);
        if (notice) this.notices = [...this.notices, { ...notice, key: ++this.noticeKeys, at: new Date().toISOString() }];
        break;
      }
    }
    this.update();
  }

  private add(record: StoredAlert): void {
    if (this.items.some((r) => r.seq === record.seq || r.alert.id === record.alert.id)) return;
    this.live.add(record.alert.id);
    this.items = [record, ...this.items].slice(0, MAX_SHOWN);
  }

  private changeFilter(form: HTMLFormElement): void {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = textField(data, key);
      if (value) query.set(key, value);
    }
    this.filter = filterFrom(query);
    // The address keeps the filters (a bookmark, a reload) without leaving the page.
    window.history.replaceState(null, '', href({ page: 'feed', query }));
    this.restart();
  }

  private dismiss(key: number): void {
    this.notices = this.notices.filter((n) => n.key !== key);
    this.update();
  }

  protected template(): TemplateResult {
    return html`<section aria-labelledby="page-title">
      <h1 id="page-title" tabindex="-1">Live feed</h1>
      ${this.filters()}
      <p class="connection connection-${this.connection.state}" role="status">${this.connectionText()}</p>
      ${
        this.notices.length > 0
          ? html`<ul class="notices" aria-label="Stream notices">
              ${repeat(
                this.notices,
                (n) => n.key,
                (n) =>
                  html`<li class="notice notice-${n.kind}" role="alert">
                    <p>
                      <strong>${n.kind === 'overflow' ? 'Stream cut by the node' : 'Alerts aged out'}</strong> (${when(n.at)}): ${n.text}
                    </p>
                    <button type="button" class="secondary" @click=${() => this.dismiss(n.key)}>Dismiss</button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${failureBox(this.failure, 'The feed stopped')} ${this.table()}
    </section>`;
  }

  private filters(): TemplateResult {
    const option = (value: string, label: string, selected: string | undefined): TemplateResult =>
      html`<option value=${value} ?selected=${value === (selected ?? '')}>${label}</option>`;
    const { severity, tlp, category, direction } = this.filter;
    return html`<form class="filters" aria-label="Filters" @change=${(e: Event) => this.changeFilter(e.currentTarget as HTMLFormElement)}>
      <div class="field">
        <label for="f-severity">Minimum severity</label>
        <select id="f-severity" name="severity">
          ${option('', 'any', severity)} ${SEVERITIES.map((s) => option(s, s, severity))}
        </select>
      </div>
      <div class="field">
        <label for="f-tlp">TLP</label>
        <select id="f-tlp" name="tlp">
          ${option('', 'any', tlp)} ${TLPS.map((t) => option(t, `TLP:${t}`, tlp))}
        </select>
      </div>
      <div class="field">
        <label for="f-category">Category</label>
        <select id="f-category" name="category">
          ${option('', 'any', category)} ${CATEGORIES.map((c) => option(c, c, category))}
        </select>
      </div>
      <div class="field">
        <label for="f-direction">Direction</label>
        <select id="f-direction" name="direction">
          ${option('', 'both', direction)} ${option('received', 'received from the mesh', direction)}
          ${option('sent', 'sent by this node', direction)}
        </select>
      </div>
    </form>`;
  }

  private connectionText(): string {
    const c = this.connection;
    switch (c.state) {
      case 'loading':
        return 'Loading the latest alerts…';
      case 'live':
        return c.resumedAfter
          ? `Live again: resumed after event ${c.resumedAfter}, nothing skipped.`
          : 'Live: new alerts appear here as they arrive.';
      case 'reconnecting':
        return `Disconnected (${c.reason}); reconnecting in ${Math.round(c.retryInMs / 1000)} s.`;
      case 'stopped':
        return 'Not live.';
    }
  }

  private table(): TemplateResult {
    if (this.items.length === 0 && this.connection.state !== 'loading')
      return html`<p class="empty">No alerts match these filters yet.</p>`;
    return html`<table class="alerts">
      <caption>
        Alerts, newest first${this.live.size > 0 ? `: ${this.live.size} arrived while this page was open` : ''}
      </caption>
      ${tableHead('Stored', 'Severity', 'TLP', 'Title', 'Category', 'Origin', 'Direction')}
      <tbody>
        ${repeat(
          this.items,
          (r) => r.alert.id,
          (r) =>
            html`<tr class=${this.live.has(r.alert.id) ? 'fresh' : ''}>
              <td>${when(r.storedAt)}</td>
              <td>${severityBadge(r.alert.severity)}</td>
              <td>${tlpLabel(r.alert.tlp)}</td>
              <td>
                <a href=${alertHref(r.alert.id)}>${r.alert.title}</a>
                ${this.live.has(r.alert.id) ? html`<span class="new">new</span>` : nothing}
              </td>
              <td>${r.alert.category}</td>
              <td>${r.alert.origin}</td>
              <td>${r.direction}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
