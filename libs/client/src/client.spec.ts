import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CirtmeshClient } from './client';
import { ApiError, ClientUsageError, ConnectionError, describeFetchFailure } from './errors';
import { apiError, parseBaseUrl, queryString, type FetchLike } from './http';
import { exportFileName } from './interop';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A stand-in node on a free port: answers each request with `answer(seen)`. */
async function fakeNode(answer: (seen: Seen) => { status: number; body: unknown }): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const { status, body: out } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof out === 'string' ? out : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(CirtmeshClient.name, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  it('sends the bearer token, the JSON body and the query, and returns the parsed answer', async () => {
    const node = await fakeNode(() => ({ status: 202, body: { id: 'a1', seq: 7 } }));
    servers.push(node.server);
    const client = new CirtmeshClient({ url: `${node.url}/`, token: 't0k' });
    await expect(client.submit({ title: 'x', category: 'spam', severity: 'low', tlp: 'CLEAR' })).resolves.toEqual({ id: 'a1', seq: 7 });
    await client.listAlerts({ q: 'emotet wave', severity: 'high', limit: 5, cursor: undefined });
    await client.searchIndicators('evil.example', { limit: 2 });
    await client.reportSighting('id/1', { count: 2, firstSeen: 'a', lastSeen: 'b' });
    expect(node.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/v1/alerts',
      'GET /api/v1/alerts?q=emotet+wave&severity=high&limit=5',
      'GET /api/v1/indicators/search?value=evil.example&limit=2',
      'POST /api/v1/alerts/id%2F1/sightings',
    ]);
    expect(node.seen[0].headers.authorization).toBe('Bearer t0k');
    expect(JSON.parse(node.seen[0].body)).toEqual({ title: 'x', category: 'spam', severity: 'low', tlp: 'CLEAR' });
  });

  it("turns the node's error answer into an ApiError carrying the status and the node's words", async () => {
    const node = await fakeNode(() => ({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'alert 0190 is not held by this node', correlationId: 'c-1' },
    }));
    servers.push(node.server);
    const error = await new CirtmeshClient({ url: node.url, token: 't' }).getAlert('0190').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: '404 alert 0190 is not held by this node', correlationId: 'c-1' });
  });

  it('says why a node cannot be reached', async () => {
    const port = await closedPort();
    const error = await new CirtmeshClient({ url: `http://127.0.0.1:${port}`, token: 't' }).status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`cannot reach http://127.0.0.1:${port}: connection refused`);
  });

  it('gives up on a node that does not answer in time', async () => {
    const server = createServer(() => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await new CirtmeshClient({ url, token: 't', timeoutMs: 200 }).status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`cannot reach ${url}: no answer within 0.2 s`);
    server.closeAllConnections();
  });

  it('refuses a base URL that is not http or https before sending anything', () => {
    expect(() => new CirtmeshClient({ url: 'ftp://x', token: 't' })).toThrow(ClientUsageError);
    expect(() => new CirtmeshClient({ url: 'not a url', token: 't' })).toThrow(/is not a URL/);
    expect(() => new CirtmeshClient({ url: 'http://x', token: '' })).toThrow(/token is required/);
    expect(parseBaseUrl('https://cirt.example.ke/api//')).toBe('https://cirt.example.ke/api');
    expect(queryString({ a: 'x y', b: undefined, c: '', d: 3 })).toBe('?a=x+y&d=3');
  });
});

/** A fetch that answers every call with `answer` and records what was asked. */
function fakeFetch(answer: () => Response): { fetch: FetchLike; calls: Array<{ url: string; init: RequestInit }> } {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  return {
    calls,
    fetch: (url, init = {}) => {
      calls.push({ url, init });
      return Promise.resolve(answer());
    },
  };
}

describe('imports and exports', () => {
  const answer = { alerts: [{ id: 'a1', title: 'T', tlp: 'GREEN', scope: 'regional' }], campaigns: [], skipped: [] };

  it("posts each format with its media type and the caller's scope, recipients and groups as comma lists", async () => {
    const node = fakeFetch(() => Response.json(answer, { status: 202 }));
    const client = new CirtmeshClient({ url: 'http://node.example', token: 't0k', fetch: node.fetch });
    await expect(client.importDocument('stix', '{"type":"bundle"}', { scope: 'global', recipients: ['jp', 'my'] })).resolves.toEqual(
      answer,
    );
    await client.importDocument('misp', '{"Event":{}}', { groups: ['mou-ke-jp'] });
    await client.importDocument('xarf', '{}');
    const message = new TextEncoder().encode('Content-Type: multipart/report\r\n\r\n');
    await client.importDocument('arf', message);
    expect(node.calls.map(({ url, init }) => [init.method, url, (init.headers as Record<string, string>)['content-type']])).toEqual([
      ['POST', 'http://node.example/api/v1/import/stix?scope=global&recipients=jp%2Cmy', 'application/stix+json;version=2.1'],
      ['POST', 'http://node.example/api/v1/import/misp?groups=mou-ke-jp', 'application/json'],
      ['POST', 'http://node.example/api/v1/import/xarf', 'application/json'],
      ['POST', 'http://node.example/api/v1/import/arf', 'message/rfc822'],
    ]);
    expect(node.calls[0].init.body).toBe('{"type":"bundle"}');
    expect(node.calls[3].init.body).toBe(message);
    expect((node.calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer t0k');
  });

  it("passes on the node's refusal of a document that is not the format", async () => {
    const node = fakeFetch(() =>
      Response.json({ statusCode: 415, message: 'send the document as message/rfc822, not text/plain' }, { status: 415 }),
    );
    const client = new CirtmeshClient({ url: 'http://node.example', token: 't', fetch: node.fetch });
    await expect(client.importDocument('arf', 'x')).rejects.toThrow(
      new ApiError(415, 'send the document as message/rfc822, not text/plain'),
    );
    await expect(client.importDocument('csv' as 'stix', 'x')).rejects.toThrow(ClientUsageError);
    expect(node.calls).toHaveLength(1);
  });

  it('exports an alert: the document, its text as the node sent it, and the file name to save it as', async () => {
    const bundle = '{"type":"bundle","id":"bundle--1"}';
    const node = fakeFetch(() => new Response(bundle, { headers: { 'content-type': 'application/stix+json;version=2.1' } }));
    const client = new CirtmeshClient({ url: 'http://node.example/', token: 't', fetch: node.fetch });
    await expect(client.exportAlert('0190-a', 'stix')).resolves.toEqual({
      format: 'stix',
      contentType: 'application/stix+json;version=2.1',
      text: bundle,
      document: { type: 'bundle', id: 'bundle--1' },
      fileName: '0190-a.stix.json',
    });
    expect(node.calls[0].url).toBe('http://node.example/api/v1/alerts/0190-a/export?format=stix');
    expect(exportFileName('a/../b', 'misp')).toBe('a_.._b.misp.json');
    const html = fakeFetch(() => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } }));
    const proxied = new CirtmeshClient({ url: 'http://node.example', token: 't', fetch: html.fetch });
    await expect(proxied.exportAlert('x', 'misp')).rejects.toThrow(
      '200 the node answered with something other than JSON: <html>login</html>',
    );
  });
});

describe(apiError.name, () => {
  it('lists our validation details after the message', () => {
    const body = {
      statusCode: 400,
      message: 'the request has invalid fields',
      details: [
        { field: 'severity', messages: ['severity must be one of: low, medium, high, critical'] },
        { field: 'indicators.0.value', messages: ['value must be an IPv4 address such as 192.0.2.1 for type ipv4'] },
      ],
    };
    expect(apiError(400, 'Bad Request', JSON.stringify(body))).toMatchObject({
      status: 400,
      reason: 'the request has invalid fields',
      message:
        '400 the request has invalid fields; severity: severity must be one of: low, medium, high, critical; ' +
        'indicators.0.value: value must be an IPv4 address such as 192.0.2.1 for type ipv4',
    });
  });

  it("reads Nest's list of messages, a refusal's reasons, and bodies that are not JSON", () => {
    expect(
      apiError(400, 'Bad Request', JSON.stringify({ message: ['title must be a string', 'tlp is bad'], error: 'Bad Request' })).message,
    ).toBe('400 title must be a string; tlp is bad');
    const refused = { message: 'the outbound policy refuses this alert', reasons: [{ code: 'tlp-cap', text: 'RED may not leave' }] };
    expect(apiError(422, '', JSON.stringify(refused)).message).toBe(
      '422 the outbound policy refuses this alert; tlp-cap: RED may not leave',
    );
    expect(apiError(502, 'Bad Gateway', '<html>\n<b>upstream</b> down</html>').message).toBe('502 <html> <b>upstream</b> down</html>');
    expect(apiError(503, 'Service Unavailable', '').message).toBe('503 Service Unavailable');
  });
});

describe(describeFetchFailure.name, () => {
  it('looks through wrapped causes for the network code', () => {
    const wrapped = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ENOTFOUND' })]) });
    expect(describeFetchFailure(wrapped)).toBe('host not found');
    expect(describeFetchFailure(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(describeFetchFailure(new TypeError('fetch failed'))).toBe('the request failed');
  });
});

describe('the client library', () => {
  it('uses nothing a browser lacks: no node: modules outside its tests', () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(__dirname, file), 'utf8');
      expect({
        file,
        imports: [...text.matchAll(/from '((?:node:)?(?:fs|http|https|net|os|path|util|stream|child_process|crypto|buffer)[^']*)'/g)].map(
          (m) => m[1],
        ),
      }).toEqual({
        file,
        imports: [],
      });
      expect({ file, process: /\bprocess\.|\bBuffer\b|\brequire\(/.test(text) }).toEqual({ file, process: false });
      // The contracts carry class-validator and node:net at run time; the client takes their types only.
      // Of our libraries it loads only the retry timing, which imports nothing.
      expect({ file, valueImports: /^import (?!type )[^;]*from '@cirtmesh\/(?!retry')/m.test(text) }).toEqual({
        file,
        valueImports: false,
      });
    }
  });
});
