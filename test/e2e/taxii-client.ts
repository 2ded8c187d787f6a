import type { TestMesh } from '@cirtmesh/testing';

export const TAXII = 'application/taxii+json;version=2.1';

export interface TaxiiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TaxiiRequest {
  method?: string;
  /** A token, sent as Bearer; `basic:<token>` sends it as HTTP Basic; null sends none. */
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A TAXII client as the standard's clients behave: TAXII Accept on every request, TAXII content on a POST. */
export async function taxii<T = Record<string, unknown>>(
  mesh: TestMesh,
  party: string,
  path: string,
  request: TaxiiRequest = {},
): Promise<TaxiiResponse<T>> {
  const p = mesh.runner.party(party);
  const token = request.token === undefined ? p.apiToken : request.token;
  const headers: Record<string, string> = { accept: TAXII, ...(request.body === undefined ? {} : { 'content-type': TAXII }) };
  if (token?.startsWith('basic:')) headers.authorization = `Basic ${Buffer.from(`misp:${token.slice(6)}`).toString('base64')}`;
  else if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://127.0.0.1:${p.httpPort}${path}`, {
    method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
    headers: { ...headers, ...request.headers },
    body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : {};
  } catch {
    // not JSON: the test sees the text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** Every object of a collection through TAXII paging: `limit`, then `next` while `more`. */
export async function allObjects(
  mesh: TestMesh,
  party: string,
  collection: string,
  query: string,
  token?: string,
): Promise<Array<Record<string, unknown>>> {
  const objects: Array<Record<string, unknown>> = [];
  let next: string | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const q = `${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const res = await taxii<{ objects?: Array<Record<string, unknown>>; more?: boolean; next?: string }>(
      mesh,
      party,
      `/taxii2/${party}/collections/${collection}/objects/?${q}`,
      { token },
    );
    if (res.status !== 200) throw new Error(`objects page answered ${res.status}: ${JSON.stringify(res.body)}`);
    objects.push(...(res.body.objects ?? []));
    if (!res.body.more) return objects;
    next = res.body.next;
  }
  throw new Error('paging never ended');
}
