import { EXPORT_FORMATS, type CirtmeshClient, type ExportedAlert, type ExportFormat } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Failure } from '../errors';
import { failureBox } from './view';

const LABEL: Record<ExportFormat, string> = { stix: 'STIX', misp: 'MISP' };

/** How long a saved file's object URL is kept: long enough for any browser to have started the download. */
const KEEP_OBJECT_URL_MS = 60_000;

/**
 * Hands an exported document to the browser as a download. The export needs the operator's
 * token, which a plain link cannot carry, so the document is fetched first and saved from memory.
 */
function save(exported: ExportedAlert): void {
  const url = URL.createObjectURL(new Blob([exported.text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = exported.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), KEEP_OBJECT_URL_MS);
}

/** "Download as STIX" and "Download as MISP" for one alert: `<alert id>.stix.json`, `<alert id>.misp.json`. */
export class ExportButtons {
  private busy?: ExportFormat;
  private outcome?: { saved: string } | { failure: Failure };

  constructor(
    private readonly client: CirtmeshClient,
    private readonly alertId: string,
    private readonly hooks: { failed: (error: unknown) => Failure; changed: () => void },
  ) {}

  buttons(): TemplateResult {
    return html`${EXPORT_FORMATS.map(
      (format) =>
        html`<button type="button" class="secondary" ?disabled=${this.busy !== undefined} @click=${() => this.download(format)}>
          ${this.busy === format ? 'Downloading…' : `Download as ${LABEL[format]}`}
        </button>`,
    )}`;
  }

  /** What became of the last download: the file saved, or the node's refusal. */
  result(): TemplateResult | typeof nothing {
    if (!this.outcome) return nothing;
    if ('failure' in this.outcome) return failureBox(this.outcome.failure, 'Cannot download this alert');
    return html`<p class="success" role="status">Saved ${this.outcome.saved}.</p>`;
  }

  private download(format: ExportFormat): void {
    this.busy = format;
    this.outcome = undefined;
    this.hooks.changed();
    this.client.exportAlert(this.alertId, format).then(
      (exported) => {
        save(exported);
        this.busy = undefined;
        this.outcome = { saved: exported.fileName };
        this.hooks.changed();
      },
      (error: unknown) => {
        this.busy = undefined;
        this.outcome = { failure: this.hooks.failed(error) };
        this.hooks.changed();
      },
    );
  }
}
