import type { NodeStatus } from '@cirtmesh/client';
import { render } from 'lit-html';
import { describeFailure, isTokenRefused, type Failure } from './errors';
import { parseRoute, type Route } from './router';
import { Session } from './session';
import { AlertDetailView } from './views/alert-detail';
import { FeedView } from './views/feed';
import { header } from './views/header';
import { NotFoundView } from './views/not-found';
import { SignInView } from './views/sign-in';
import { StatusView } from './views/status';
import { SubmitView } from './views/submit';
import type { ConsoleContext, View } from './views/view';

/** The shell: which page is shown, the session, and the header with the node's name. */
export class ConsoleApp {
  private session?: Session;
  private node?: { id: string; region: string };
  private view?: View;
  private route: Route = { page: 'sign-in' };
  /** Where an operator who opened a page without a session goes once signed in. */
  private returnTo?: string;

  constructor(
    private readonly top: HTMLElement,
    private readonly main: HTMLElement,
  ) {}

  start(): void {
    window.addEventListener('hashchange', () => this.show());
    this.main.replaceChildren();
    this.session = Session.restore();
    if (this.session) this.identify(this.session);
    this.show();
  }

  /** Shows the page the address names, or the sign-in page without a session. */
  private show(notice?: string): void {
    this.route = parseRoute(window.location.hash);
    this.view?.unmount();
    if (!this.session && this.route.page !== 'sign-in') this.returnTo = window.location.hash;
    this.view = this.viewFor(this.route, notice);
    this.drawHeader();
    document.title = `${this.view.title} · cirtmesh console`;
    this.view.mount(this.main);
    this.main.querySelector<HTMLElement>('h1')?.focus();
  }

  private viewFor(route: Route, notice?: string): View {
    const session = this.session;
    const signIn = (): View => new SignInView((s, status) => this.signedIn(s, status), notice);
    if (!session) return signIn();
    const ctx = this.context(session);
    switch (route.page) {
      case 'feed':
        return new FeedView(ctx, route.query);
      case 'alert':
        return new AlertDetailView(ctx, route.id);
      case 'submit':
        return new SubmitView(ctx);
      case 'status':
        return new StatusView(ctx);
      case 'sign-in':
        return signIn();
      case 'not-found':
        return new NotFoundView(route.path);
    }
  }

  private context(session: Session): ConsoleContext {
    return {
      client: session.client,
      failed: (error: unknown): Failure => {
        // Only the session that failed ends: a late answer to an old session changes nothing.
        if (isTokenRefused(error) && this.session === session) this.signOut('token refused: sign in again');
        return describeFailure(error);
      },
    };
  }

  private signedIn(session: Session, status: NodeStatus): void {
    this.session = session;
    this.node = { id: status.node, region: status.region };
    const target = this.returnTo && this.returnTo !== '#/sign-in' ? this.returnTo : '#/feed';
    this.returnTo = undefined;
    if (window.location.hash === target) this.show();
    else window.location.hash = target;
  }

  private signOut(notice?: string): void {
    Session.clear();
    this.session = undefined;
    this.node = undefined;
    this.show(notice);
  }

  /** The node's name for the header; a refused token shows the sign-in page. */
  private identify(session: Session): void {
    session.client.status().then(
      (status) => {
        if (this.session !== session) return;
        this.node = { id: status.node, region: status.region };
        this.drawHeader();
      },
      (error: unknown) => {
        if (isTokenRefused(error) && this.session === session) this.signOut('token refused: sign in again');
      },
    );
  }

  private drawHeader(): void {
    render(header({ route: this.route, signedIn: this.session !== undefined, node: this.node, signOut: () => this.signOut() }), this.top);
  }
}
