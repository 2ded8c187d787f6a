import { ConfigError } from '@cirtmesh/config';
import { ApiError, ConnectionError } from '@cirtmesh/client';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cirtmesh-op-'))));
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  it('submits a bulk file item by item: a refused item is named with its index and the rest still go', async () => {
    let seq = 0;
    const node = await fakeNode((_req, body, res) => {
      const alert = JSON.parse(body) as { title: string };
      if (alert.title === 'bad') {
        json(res, 400, { message: 'the request has invalid fields', details: [{ field: 'tlp', messages: ['tlp must be one of: CLEAR'] }] });
        return;
      }
      seq += 1;
      json(res, 202, { id: `id-${seq}`, seq });
    });
    servers.push(node.server);
    const file = join(dir, 'bulk.json');
    writeFileSync(file, JSON.stringify(['a', 'bad', 'c', 'd'].map((title) => ({ title }))));
    const io = memoryIo();
    await expect(runCli(['submit', '--file', file], contextOf(io, env(node.url)))).resolves.toBe(1);
    expect(io.stderr).toEqual([
      'submitted 1/4',
      'cirtmesh: item 1: 400 the request has invalid fields; tlp: tlp must be one of: CLEAR',
      'submitted 2/4',
      'submitted 3/4',
      'submitted 4/4',
    ]);
    expect(io.stdout).toEqual(['3 of 4 alerts submitted; 1 failed: item 1']);

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
