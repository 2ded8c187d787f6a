/** The console's pages, addressed by the URL's fragment (`#/status`), so the node serves one file. */
export type Route =
  | { page: 'feed'; query: URLSearchParams }
  | { page: 'alert'; id: string }
  | { page: 'submit' }
  | { page: 'status' }
  | { page: 'sign-in' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'feed')) return { page: 'feed', query: new URLSearchParams(search) };
  if (parts.length === 2 && parts[0] === 'alerts') return { page: 'alert', id: safeDecode(parts[1]) };
  if (parts.length === 1 && parts[0] === 'submit') return { page: 'submit' };
  if (parts.length === 1 && parts[0] === 'status') return { page: 'status' };
  if (parts.length === 1 && parts[0] === 'sign-in') return { page: 'sign-in' };
  return { page: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'feed': {
      const query = route.query.toString();
      return query ? `#/feed?${query}` : '#/feed';
    }
    case 'alert':
      return `#/alerts/${encodeURIComponent(route.id)}`;
    case 'submit':
      return '#/submit';
    case 'status':
      return '#/status';
    case 'sign-in':
      return '#/sign-in';
    case 'not-found':
      return `#${route.path}`;
  }
}

export const alertHref = (id: string): string => href({ page: 'alert', id });

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
