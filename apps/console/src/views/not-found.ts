import { html, type TemplateResult } from 'lit-html';
import { View } from './view';

export class NotFoundView extends View {
  readonly title = 'Page not found';

  constructor(private readonly path: string) {
    super();
  }

  protected template(): TemplateResult {
    return html`<section aria-labelledby="page-title">
      <h1 id="page-title" tabindex="-1">Page not found</h1>
      <p>The console has no page <code>${this.path}</code>. <a href="#/feed">Go to the live feed</a>.</p>
    </section>`;
  }
}
