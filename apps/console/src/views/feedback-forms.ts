import type { CirtmeshClient, FeedbackReceipt } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Failure } from '../errors';
import { instant } from '../format';
import { textField } from '../forms';
import { failureBox } from './view';

type Outcome = { sent: FeedbackReceipt } | { failure: Failure } | undefined;

/**
 * "We have acted" and "we see this too", for an alert this node received. Both go back to the
 * alert's origin only. The node checks the fields; its messages are shown as they come.
 */
export class FeedbackForms {
  private busy = false;
  private ack: Outcome;
  private sighting: Outcome;

  constructor(
    private readonly client: CirtmeshClient,
    private readonly alertId: string,
    private readonly origin: string,
    private readonly hooks: { failed: (error: unknown) => Failure; changed: () => void; sent: () => void },
  ) {}

  template(): TemplateResult {
    return html`<section class="feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">Tell ${this.origin}</h2>
      <div class="columns">
        <form aria-labelledby="ack-title" @submit=${(e: SubmitEvent) => this.sendAck(e)}>
          <h3 id="ack-title">Acknowledge</h3>
          <p>We have acted on this alert.</p>
          <label for="ack-note">Note (optional)</label>
          <textarea id="ack-note" name="note" rows="2" maxlength="1000"></textarea>
          <button type="submit" ?disabled=${this.busy}>Acknowledge</button>
          ${this.outcome(this.ack, 'Acknowledgement')}
        </form>
        <form aria-labelledby="sighting-title" @submit=${(e: SubmitEvent) => this.sendSighting(e)}>
          <h3 id="sighting-title">Report a sighting</h3>
          <p>We see this too.</p>
          <label for="sighting-count">How many times</label>
          <input id="sighting-count" name="count" type="number" min="1" step="1" value="1" />
          <label for="sighting-first">First seen</label>
          <input id="sighting-first" name="firstSeen" type="datetime-local" step="1" />
          <label for="sighting-last">Last seen</label>
          <input id="sighting-last" name="lastSeen" type="datetime-local" step="1" />
          <label for="sighting-note">Note (optional)</label>
          <textarea id="sighting-note" name="note" rows="2" maxlength="1000"></textarea>
          <button type="submit" ?disabled=${this.busy}>Report sighting</button>
          ${this.outcome(this.sighting, 'Sighting')}
        </form>
      </div>
    </section>`;
  }

  private outcome(outcome: Outcome, what: string): TemplateResult | typeof nothing {
    if (!outcome) return nothing;
    if ('failure' in outcome) return failureBox(outcome.failure, `${what} not sent`);
    return html`<p class="success" role="status">${what} stored for ${outcome.sent.origin}; it leaves with this node's uplink.</p>`;
  }

  private sendAck(event: SubmitEvent): void {
    event.preventDefault();
    const note = textField(new FormData(event.currentTarget as HTMLFormElement), 'note');
    this.send(
      () => this.client.ack(this.alertId, note ? { note } : {}),
      (o) => (this.ack = o),
    );
  }

  private sendSighting(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string): string => textField(data, name);
    const note = field('note');
    // Sent as typed: an empty or odd value is the node's to refuse, with its own message.
    const body = {
      count: field('count') === '' ? Number.NaN : Number(field('count')),
      firstSeen: field('firstSeen') && instant(field('firstSeen')),
      lastSeen: field('lastSeen') && instant(field('lastSeen')),
      ...(note ? { note } : {}),
    };
    this.send(
      () => this.client.reportSighting(this.alertId, body),
      (o) => (this.sighting = o),
    );
  }

  private send(call: () => Promise<FeedbackReceipt>, set: (outcome: Outcome) => void): void {
    this.busy = true;
    set(undefined);
    this.hooks.changed();
    call().then(
      (sent) => {
        this.busy = false;
        set({ sent });
        this.hooks.sent();
      },
      (error: unknown) => {
        this.busy = false;
        set({ failure: this.hooks.failed(error) });
        this.hooks.changed();
      },
    );
  }
}
