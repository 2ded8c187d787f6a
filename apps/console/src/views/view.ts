import type { CirtmeshClient } from '@cirtmesh/client';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import type { Failure } from '../errors';

/** What a page gets from the console around it. */
export interface ConsoleContext {
  readonly client: CirtmeshClient;
  /**
   * Turns an error into what the page shows. A refused token (401) ends the session at once and
   * brings the sign-in page back with "token refused".
   */
  failed(error: unknown): Failure;
}

/** One page: it draws itself into the console's main element, and stops its timers and streams when left. */
export abstract class View {
  abstract readonly title: string;
  private host?: HTMLElement;

  mount(host: HTMLElement): void {
    this.host = host;
    this.update();
    this.started();
  }

  unmount(): void {
    this.stopped();
    this.host = undefined;
  }

  /** Draws the page again from its state; call after every change. */
  protected update(): void {
    if (this.host) render(this.template(), this.host);
  }

  protected get mounted(): boolean {
    return this.host !== undefined;
  }

  protected abstract template(): TemplateResult;
  protected started(): void {}
  protected stopped(): void {}
}

/** An error from the node, with its validation messages or refusal reasons, announced to screen readers. */
export function failureBox(failure: Failure | undefined, heading = 'The node refused this'): TemplateResult | typeof nothing {
  if (!failure) return nothing;
  return html`<div class="failure" role="alert">
    <p><strong>${heading}${failure.status ? ` (${failure.status})` : ''}:</strong> ${failure.summary}</p>
    ${
      failure.details.length > 0
        ? html`<ul>
            ${failure.details.map((d) => html`<li>${d}</li>`)}
          </ul>`
        : nothing
    }
  </div>`;
}

/** A table's header row, one column heading per name. */
export function tableHead(...columns: string[]): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((c) => html`<th scope="col">${c}</th>`)}
    </tr>
  </thead>`;
}
