import type { NodeStatus } from '@cirtmesh/client';
import { html, nothing, type TemplateResult } from 'lit-html';
import { describeFailure, type Failure } from '../errors';
import { textField } from '../forms';
import { Session } from '../session';
import { failureBox, View } from './view';

/**
 * The operator pastes an API token of this node. It is checked with `GET /api/v1/status`, which
 * needs the read role, and kept in the tab's session storage only once the node accepts it.
 */
export class SignInView extends View {
  readonly title = 'Sign in';
  private busy = false;
  private failure?: Failure;

  constructor(
    private readonly signedIn: (session: Session, status: NodeStatus) => void,
    /** Why the operator is here again, such as a token the node no longer accepts. */
    private readonly notice?: string,
  ) {
    super();
  }

  protected template(): TemplateResult {
    return html`<section class="sign-in" aria-labelledby="page-title">
      <h1 id="page-title" tabindex="-1">Sign in</h1>
      <p>Paste an API token of this node. It is kept in this browser tab only, until the tab is closed or you sign out.</p>
      ${this.notice && !this.failure ? html`<p class="failure" role="alert">${this.notice}</p>` : nothing}
      ${failureBox(this.failure, 'Not signed in')}
      <form @submit=${(e: SubmitEvent) => this.submit(e)}>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required />
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </section>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = textField(new FormData(form), 'token');
    if (!token) return;
    this.busy = true;
    this.failure = undefined;
    this.update();
    Session.signIn(token).then(
      ({ session, status }) => this.signedIn(session, status),
      (error: unknown) => {
        const failure = describeFailure(error);
        if (failure.status === 401) this.failure = { ...failure, summary: 'token refused', details: [] };
        else if (failure.status === 403) this.failure = { ...failure, summary: 'this token may not read alerts (it lacks the read role)' };
        else this.failure = failure;
        this.busy = false;
        this.update();
      },
    );
  }
}
