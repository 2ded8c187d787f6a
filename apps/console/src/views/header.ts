import { html, nothing, type TemplateResult } from 'lit-html';
import type { Route } from '../router';

export interface HeaderState {
  route: Route;
  signedIn: boolean;
  /** The node, once it has answered. */
  node?: { id: string; region: string };
  signOut: () => void;
}

const PAGES = [
  { page: 'feed', label: 'Live feed', href: '#/feed' },
  { page: 'submit', label: 'Submit an alert', href: '#/submit' },
  { page: 'status', label: 'Mesh status', href: '#/status' },
] as const;

/** The console's name, the node it talks to, and the pages. */
export function header(state: HeaderState): TemplateResult {
  const skip = (event: Event): void => {
    // The fragment holds the page, so the skip link moves focus itself.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return html`<a class="skip-link" href="#main" @click=${skip}>Skip to content</a>
    <div class="brand">
      <span class="name">cirtmesh console</span>
      ${
        state.node
          ? html`<span class="node">node <strong>${state.node.id}</strong>, region <strong>${state.node.region}</strong></span>`
          : nothing
      }
    </div>
    ${
      state.signedIn
        ? html`<nav aria-label="Console pages">
            <ul>
              ${PAGES.map(
                (p) => html`<li><a href=${p.href} aria-current=${state.route.page === p.page ? 'page' : 'false'}>${p.label}</a></li>`,
              )}
            </ul>
            <button type="button" class="secondary" @click=${state.signOut}>Sign out</button>
          </nav>`
        : nothing
    }`;
}
