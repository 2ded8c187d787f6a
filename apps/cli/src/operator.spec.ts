import { ConfigError } from '@cirtmesh/config';
import { ApiError, ConnectionError } from '@cirtmesh/client';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperatorEnv } from './config';
import type { CliContext } from './context';
import { describeError, UsageError } from './errors';
import type { Io } from './io';
import { runCli } from './program';

/** Collects what a command writes. */
function memoryIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: (t) => stderr.push(t), stdoutIsTty: true };
}

/** A context for `runCli`: the given output and operator environment; `stop` ends `tail`. */
function contextOf(io: Io, operatorEnv: () => OperatorEnv, stop = new AbortController().signal): CliContext {
  return {
    io,
    operatorEnv,
    cliConfig: () => {
      throw new Error('operator commands do not read the mesh configuration');
    },
    untilStopped: (task) => task(stop),
  };
}

type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function fakeNode(route: Route): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => route(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A node that answers imports with `answer` and exports with a small bundle, and records what it was sent. */
async function interopNode(
  servers: Server[],
  seen: Array<{ method?: string; url?: string; type?: string; body: string }>,
  answer: unknown,
): Promise<string> {
  const started = await fakeNode((req, body, res) => {
    seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
    if (req.method === 'GET') json(res, 200, { type: 'bundle', id: 'bundle--1' });
    else json(res, 202, answer);
  });
  servers.push(started.server);
  return started.url;
}

describe('the operator commands against a node', () => {
  let dir: string;
  const servers: Server[] = [];
  const env =
    (url: string): (() => OperatorEnv) =>
    () => ({
      url,
      token: 't',
      profileFile: join(dir, 'none.json'),
      profileFileIsDefault: false,
      noColor: false,
    });

  const seen: Array<{ method?: string; url?: string; type?: string; body: string }> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-op-'));
    seen.length = 0;
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  /** A node that stores every alert but one titled `bad`; `batch: false` plays a node without the batch route. */
  async function bulkNode(batch: boolean): Promise<{ url: string; paths: string[] }> {
    let seq = 0;
    const paths: string[] = [];
    const invalid = { message: 'the request has invalid fields', details: [{ field: 'tlp', messages: ['tlp must be one of: CLEAR'] }] };
    const store = (alert: { title: string }, index: number) => {
      if (alert.title === 'bad') return { index, status: 400, error: invalid.message, details: invalid.details };
      seq += 1;
      return { index, status: 202, id: `id-${seq}`, seq };
    };
    const node = await fakeNode((req, body, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/api/v1/alerts/batch') {
        if (!batch) json(res, 404, { message: 'Cannot POST /api/v1/alerts/batch' });
        else json(res, 207, { results: (JSON.parse(body) as { alerts: { title: string }[] }).alerts.map(store) });
        return;
      }
      const stored = store(JSON.parse(body) as { title: string }, 0);
      json(res, stored.status, stored.status === 202 ? { id: stored.id, seq: stored.seq } : invalid);
    });
    servers.push(node.server);
    return { url: node.url, paths };
  }

  it.each([
    ['in one batch', true, ['/api/v1/alerts/batch']],
    ['item by item to a node without batches', false, ['/api/v1/alerts/batch', ...Array<string>(4).fill('/api/v1/alerts')]],
  ])('submits a bulk file %s: a refused item is named with its index and the rest still go', async (_how, batch, paths) => {
    const node = await bulkNode(batch);
    const file = join(dir, 'bulk.json');
    writeFileSync(file, JSON.stringify(['a', 'bad', 'c', 'd'].map((title) => ({ title }))));
    const io = memoryIo();
    await expect(runCli(['submit', '--file', file], contextOf(io, env(node.url)))).resolves.toBe(1);
    expect(io.stderr).toEqual(['cirtmesh: item 1: 400 the request has invalid fields; tlp: tlp must be one of: CLEAR', 'submitted 4/4']);
    expect(io.stdout).toEqual(['3 of 4 alerts submitted; 1 failed: item 1']);
    expect(node.paths).toEqual(paths);

    const quiet = memoryIo();
    await expect(runCli(['submit', '--file', file, '--json'], contextOf(quiet, env(node.url)))).resolves.toBe(1);
    expect(quiet.stdout.map((l) => JSON.parse(l) as unknown)).toEqual([
      { index: 0, id: 'id-4', seq: 4 },
      { index: 1, status: 400, error: '400 the request has invalid fields; tlp: tlp must be one of: CLEAR' },
      { index: 2, id: 'id-5', seq: 5 },
      { index: 3, id: 'id-6', seq: 6 },
    ]);
  });

  it('stops a bulk submit when the token is refused, since every item would fail the same way', async () => {
    let calls = 0;
    const node = await fakeNode((_req, _body, res) => {
      calls += 1;
      json(res, 401, { message: 'a valid bearer token is required' });
    });
    servers.push(node.server);
    const file = join(dir, 'bulk.json');
    writeFileSync(file, JSON.stringify([{}, {}, {}]));
    const io = memoryIo();
    await expect(runCli(['submit', '--file', file], contextOf(io, env(node.url)))).resolves.toBe(1);
    expect(io.stderr).toEqual([
      'cirtmesh: stopped at item 0 of 3 (0 submitted before it): 401 a valid bearer token is required (check --token, CIRTMESH_TOKEN or the profile)',
    ]);
    expect(calls).toBe(1);
  });

  it('tails: alert lines on stdout, the overflow notice and the reconnect on stderr', async () => {
    const record = {
      seq: 7,
      direction: 'received',
      storedAt: '',
      via: [],
      alert: { id: 'a7', origin: 'jp', createdAt: '2026-11-22T10:00:00Z', title: 'T', category: 'spam', severity: 'low', tlp: 'CLEAR' },
    };
    let connections = 0;
    const node = await fakeNode((req, _body, res) => {
      connections += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 10\n: connected\n\n');
      if (connections === 1) {
        res.write(`event: aged-out\ndata: ${JSON.stringify({ lastEventId: '3', horizon: '5', reason: 'retention' })}\n\n`);
        res.write(`id: 7\nevent: alert\ndata: ${JSON.stringify(record)}\n\n`);
        res.end(`event: overflow\ndata: ${JSON.stringify({ reason: 'client too slow', lastEventId: '7' })}\n\n`);
      } else {
        expect(req.headers['last-event-id']).toBe('7');
      }
    });
    servers.push(node.server);
    const stop = new AbortController();
    const io = memoryIo();
    const err = io.err;
    io.err = (line) => {
      err(line);
      if (line.includes('reconnected')) stop.abort();
    };
    io.stdoutIsTty = false;
    await expect(runCli(['tail', '--json'], contextOf(io, env(node.url), stop.signal))).resolves.toBe(0);
    expect(io.stdout).toEqual([JSON.stringify(record)]);
    expect(io.stderr).toEqual([
      `cirtmesh: following ${node.url} (Ctrl-C to stop)`,
      'cirtmesh: NOTICE: events after 3 up to 5 have aged out of the node and cannot be replayed (retention); alerts among them may have been missed',
      'cirtmesh: NOTICE: the node cut this stream off: client too slow',
      'cirtmesh: connection lost (the node closed the stream); reconnecting in 10 ms with Last-Event-ID 7',
      `cirtmesh: reconnected to ${node.url}, resuming after event 7`,
    ]);
  });

  it('ends status with 3 when the node is not ok', async () => {
    const node = await fakeNode((_req, _body, res) =>
      json(res, 200, {
        node: 'ke',
        region: 'africa',
        status: 'degraded',
        startedAt: '',
        uptimeSeconds: 1,
        nats: { connected: true, server: 's' },
        log: null,
        archive: { alerts: 0, store: 'memory' },
        link: { hub: 'africa', up: false },
        outbound: null,
        inbound: null,
      }),
    );
    servers.push(node.server);
    const io = memoryIo();
    await expect(runCli(['status', '--json'], contextOf(io, env(node.url)))).resolves.toBe(3);
    expect(JSON.parse(io.stdout[0])).toMatchObject({ status: 'degraded' });
  });

  it('checks the command line before it reads the environment', async () => {
    const io = memoryIo();
    const loadEnv = (): OperatorEnv => {
      throw new Error('read the environment');
    };
    await expect(runCli(['show'], contextOf(io, loadEnv))).resolves.toBe(2);
    expect(io.stderr).toEqual(['cirtmesh: show needs the alert id: cirtmesh show ID']);
  });

  it('imports a file of the format its content tells: a line per alert, campaign and skipped thing, exit 0 when something came of it', async () => {
    const url = await interopNode(servers, seen, {
      alerts: [{ id: 'a1', title: 'Emotet\u001b[31m wave', tlp: 'GREEN', scope: 'global' }],
      campaigns: [{ source: 'ipv4:192.0.2.7', reports: 1, closesAt: '2026-11-22T10:05:00.000Z' }],
      skipped: [{ what: 'x-mitre-tactic--1', reason: 'a x-mitre-tactic is not mapped to an alert' }],
    });
    const file = join(dir, 'bundle.json');
    writeFileSync(file, '{"type":"bundle","objects":[]}');
    const io = memoryIo();
    await expect(runCli(['import', file, '--scope', 'global'], contextOf(io, env(url)))).resolves.toBe(0);
    expect(io.stdout).toEqual([
      'imported a1 (scope global, TLP:GREEN): Emotet\uFFFD[31m wave',
      'campaign ipv4:192.0.2.7: 1 report, closes 2026-11-22T10:05:00.000Z',
      'skipped x-mitre-tactic--1: a x-mitre-tactic is not mapped to an alert',
    ]);
    expect(io.stderr).toEqual([]);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/v1/import/stix?scope=global',
        type: 'application/stix+json;version=2.1',
        body: '{"type":"bundle","objects":[]}',
      },
    ]);
  });

  it('ends with 1 when everything was skipped, prints the raw answer with --json, and 2 for a file it cannot tell', async () => {
    const answer = { alerts: [], campaigns: [], skipped: [{ what: 'MISP event 1', reason: 'duplicate of a1' }] };
    const url = await interopNode(servers, seen, answer);
    const file = join(dir, 'event.json');
    writeFileSync(file, '{"Event":{"info":"x"}}');
    const io = memoryIo();
    await expect(runCli(['import', file, '--json'], contextOf(io, env(url)))).resolves.toBe(1);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual(answer);
    expect(io.stderr).toEqual(['cirtmesh: nothing imported: the node skipped the one thing it found']);
    writeFileSync(file, '{"title":"not a format"}');
    const unknown = memoryIo();
    await expect(runCli(['import', file], contextOf(unknown, env(url)))).resolves.toBe(2);
    expect(unknown.stderr).toEqual([
      expect.stringMatching(/^cirtmesh: cannot tell the format of .*event\.json: .*; pass --format stix\|misp\|xarf\|arf$/),
    ]);
    expect(seen).toHaveLength(1);
  });

  it('exports an alert to standard output, or to a file with a line that says where', async () => {
    const url = await interopNode(servers, seen, {});
    const io = memoryIo();
    await expect(runCli(['export', '0190', '--format', 'stix'], contextOf(io, env(url)))).resolves.toBe(0);
    expect(io.stdout).toEqual(['{"type":"bundle","id":"bundle--1"}']);
    const out = join(dir, 'a.stix.json');
    const saved = memoryIo();
    await expect(runCli(['export', '0190', '--format', 'stix', '--out', out], contextOf(saved, env(url)))).resolves.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('{"type":"bundle","id":"bundle--1"}');
    expect(saved.stdout).toEqual([`exported 0190 as a STIX 2.1 bundle to ${out} (34 bytes)`]);
    const unwritable = memoryIo();
    await expect(
      runCli(['export', '0190', '--format', 'misp', '--out', join(dir, 'no', 'such.json')], contextOf(unwritable, env(url))),
    ).resolves.toBe(2);
    expect(unwritable.stderr).toEqual([expect.stringMatching(/^cirtmesh: cannot write .*such\.json: ENOENT/)]);
    expect(seen.map((s) => s.url)).toEqual([
      '/api/v1/alerts/0190/export?format=stix',
      '/api/v1/alerts/0190/export?format=stix',
      '/api/v1/alerts/0190/export?format=misp',
    ]);
  });
});

describe(describeError.name, () => {
  it('gives one line and the exit status for each kind of failure', () => {
    expect(describeError(new UsageError('no token: pass --token'))).toEqual({ line: 'no token: pass --token', exit: 2 });
    expect(describeError(new ConfigError(['CIRTMESH_URL: must be a URL', 'X: bad']))).toEqual({
      line: 'invalid environment: CIRTMESH_URL: must be a URL; X: bad',
      exit: 2,
    });
    expect(describeError(new ApiError(404, 'alert 0190 is not held by this node'))).toEqual({
      line: '404 alert 0190 is not held by this node',
      exit: 1,
    });
    expect(describeError(new ConnectionError('http://127.0.0.1:1', 'connection refused'))).toEqual({
      line: 'cannot reach http://127.0.0.1:1: connection refused',
      exit: 1,
    });
  });
});
