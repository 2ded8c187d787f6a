import type { AlertRoute, RouteHop } from '@cirtmesh/contracts';
import { freePortBlock, spawnTracked, TestMesh, waitUntil } from '@cirtmesh/testing';
import { v7 } from 'uuid';
import { packageRoot } from '@cirtmesh/config';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alert, ALL_NODES } from './fixtures';
import { arfMessage, xarfSpam } from './interop-fixtures';

const cliPath = join(packageRoot(__dirname), 'dist', 'apps', 'cli', 'src', 'main.js');
const ESC = '\u001b';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a child process, the way an operator runs it. */
class Cli {
  readonly stdout: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private partial = '';

  constructor(
    args: string[],
    env: Record<string, string>,
    readonly child: ChildProcessWithoutNullStreams = spawnTracked(process.execPath, [cliPath, ...args], { env }),
  ) {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (this.partial + chunk.toString()).split('\n');
      this.partial = lines.pop() ?? '';
      this.stdout.push(...lines);
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async result(): Promise<Result> {
    const code = await this.exited;
    return { code, stdout: [...this.stdout, this.partial].join('\n'), stderr: this.stderr };
  }
}

/** Operator commands against the demo mesh: submit, tail, show, ack, sight, status, and their errors. */
describe('the cirtmesh operator commands', () => {
  let mesh: TestMesh;
  let home: string;
  const running: Cli[] = [];

  beforeAll(async () => {
    mesh = await TestMesh.start();
    home = mkdtempSync(join(tmpdir(), 'cirtmesh-cli-operator-'));
  });

  afterAll(async () => {
    for (const cli of running) cli.child.kill('SIGKILL');
    await mesh?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** A clean environment: no colour settings, no profile file unless a test writes one. */
  const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '', HOME: home });
  const nodeEnv = (node: string): Record<string, string> => {
    const party = mesh.runner.party(node);
    return { ...baseEnv(), CIRTMESH_URL: `http://127.0.0.1:${party.httpPort}`, CIRTMESH_TOKEN: party.apiToken };
  };
  const start = (node: string, args: string[], env: Record<string, string> = {}): Cli => {
    const cli = new Cli(args, { ...nodeEnv(node), ...env });
    running.push(cli);
    return cli;
  };
  const cli = (node: string, args: string[], env: Record<string, string> = {}): Promise<Result> => start(node, args, env).result();

  it('submits from flags and from a bulk file on ke, and a tail on jp shows them, resuming across a restart of jp', async () => {
    const tail = start('jp', ['tail', '--origin', 'ke', '--json']);
    await waitUntil('tail to connect', () => tail.stderr.includes('cirtmesh: following '), { timeoutMs: 20_000 });

    const submitted = await cli('ke', [
      'submit',
      '--title',
      'Emotet wave from the CLI',
      '--severity',
      'high',
      '--tlp',
      'clear',
      '--category',
      'malware',
      '--scope',
      'global',
      '--indicator',
      'ipv4:192.0.2.7',
      '--indicator',
      'url:https://evil.example/payload',
      '--json',
    ]);
    expect(submitted).toMatchObject({ code: 0, stderr: '' });
    const single = JSON.parse(submitted.stdout) as { id: string; seq: number; tlp: string; indicators: unknown[] };
    expect(single).toMatchObject({ tlp: 'CLEAR', indicators: [{ type: 'ipv4', value: '192.0.2.7' }, expect.anything()] });

    const file = join(home, 'bulk.json');
    const bulk = [
      alert({ tlp: 'CLEAR', scope: 'global', title: 'bulk 0' }),
      alert({ tlp: 'CLEAR', scope: 'global', title: 'bulk 1', severity: 'extreme' }),
      alert({ tlp: 'CLEAR', scope: 'global', title: 'bulk 2' }),
    ];
    writeFileSync(file, JSON.stringify(bulk));
    const bulkRun = await cli('ke', ['submit', '--file', file]);
    expect(bulkRun.code).toBe(1);
    expect(bulkRun.stdout).toBe('2 of 3 alerts submitted; 1 failed: item 1\n');
    expect(bulkRun.stderr).toMatch(
      /^cirtmesh: item 1: 400 the request has invalid fields; severity: severity must be one of: low, medium, high, critical$/m,
    );
    expect(bulkRun.stderr).toMatch(/^submitted 3\/3$/m);

    const titles = (): string[] => tail.stdout.map((line) => (JSON.parse(line) as { alert: { title: string } }).alert.title);
    await waitUntil('jp to stream the three alerts', () => titles().length >= 3, { timeoutMs: 30_000 });
    expect(titles()).toEqual(['Emotet wave from the CLI', 'bulk 0', 'bulk 2']);
    const lastSeq = (JSON.parse(tail.stdout[2]) as { seq: number }).seq;

    // A restart of jp drops the stream; an alert sent meanwhile still arrives, once.
    await mesh.runner.stopApp('jp');
    await waitUntil('tail to notice the drop', () => tail.stderr.includes('cirtmesh: connection lost'), { timeoutMs: 20_000 });
    writeFileSync(join(home, 'one.json'), JSON.stringify(alert({ tlp: 'CLEAR', scope: 'global', title: 'sent while jp was down' })));
    expect((await cli('ke', ['submit', '--file', join(home, 'one.json')])).code).toBe(0);
    await mesh.runner.startApp('jp');
    await waitUntil('tail to reconnect', () => tail.stderr.includes(`reconnected to `), { timeoutMs: 40_000 });
    expect(tail.stderr).toContain(`resuming after event ${lastSeq}`);
    await waitUntil('the alert sent while jp was down', () => titles().includes('sent while jp was down'), { timeoutMs: 30_000 });
    expect(titles()).toEqual(['Emotet wave from the CLI', 'bulk 0', 'bulk 2', 'sent while jp was down']);

    tail.child.kill('SIGTERM');
    expect(await tail.exited).toBe(0);
    expect(tail.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('prints one plain line per alert when stdout is not a terminal', async () => {
    const tail = start('ng', ['tail', '--severity', 'critical']);
    await waitUntil('tail to connect', () => tail.stderr.includes('cirtmesh: following '), { timeoutMs: 20_000 });
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', severity: 'critical', title: 'critical one' }));
    await mesh.submit('ke', alert({ tlp: 'GREEN', severity: 'low', title: 'low one, filtered out' }));
    await waitUntil('the critical alert', () => tail.stdout.length > 0, { timeoutMs: 20_000 });
    expect(tail.stdout[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  CRITICAL  TLP:GREEN +from ke +phishing +critical one  ${id}$`),
    );
    expect(tail.stdout.join('\n')).not.toContain(ESC);
    tail.child.kill('SIGTERM');
    await tail.exited;
    expect(tail.stdout.join('\n')).not.toContain('filtered out');
  });

  it('acks and reports sightings from jp, and show on ke has them with the deliveries', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', title: 'to be acked' }));
    await mesh.waitForAlert('jp', id);

    const ack = await cli('jp', ['ack', id, '--note', 'blocked at the border']);
    expect(ack).toEqual({ code: 0, stdout: `acknowledged ${id}; the ack goes to ke\n`, stderr: '' });
    const sight = await cli('jp', [
      'sight',
      id,
      '--count',
      '4',
      '--first-seen',
      '2026-11-20T10:00:00Z',
      '--last-seen',
      '2026-11-20T12:00:00Z',
    ]);
    expect(sight).toEqual({ code: 0, stdout: `reported 4 sightings of ${id}; the report goes to ke\n`, stderr: '' });

    const shown = await waitUntil(
      'ke to show the ack and the sightings',
      async () => {
        const r = await cli('ke', ['show', id]);
        return r.code === 0 && r.stdout.includes('  jp  4 seen') && /acks:\n {2}jp {2}/.test(r.stdout) ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(shown.stdout).toMatch(/^to be acked\nid: +[0-9a-f-]{36}\n/);
    expect(shown.stdout).toMatch(/^deliveries:\n( {2}\S+ +(delivered|refused|deferred) +by .*\n)+/m);
    expect(shown.stdout).toMatch(/^ {2}jp +delivered +by asia-pacific/m);
    expect(shown.stdout).toContain('  jp  4 seen, 2026-11-20T10:00:00.000Z to 2026-11-20T12:00:00.000Z');

    const json = await cli('ke', ['show', id, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ direction: 'sent', acks: [{ node: 'jp' }], sightings: [{ node: 'jp', count: 4 }] });

    const own = await cli('ke', ['ack', id]);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/^cirtmesh: 409 .+\n$/);
  });

  it('traces an alert hop by hop from its receipts and stored notices, the slowest hop marked, and a refusal with its reason', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', title: 'where did it go' }));
    const delivered = ALL_NODES.filter((n) => n !== 'ke');
    const route = await waitUntil(
      'ke to know when every recipient stored it',
      async () => {
        const r = await cli('ke', ['trace', id, '--json']);
        const parsed = r.code === 0 ? (JSON.parse(r.stdout) as AlertRoute) : undefined;
        const stored = parsed?.hops.filter((h) => h.role === 'recipient' && h.at !== undefined).map((h) => h.party) ?? [];
        return delivered.every((n) => stored.includes(n)) ? parsed : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const hop = (party: string): RouteHop | undefined => route.hops.find((h) => h.party === party);
    expect(route.hops[0]).toMatchObject({ party: 'ke', role: 'origin', depth: 0 });
    expect(hop('africa')).toMatchObject({ role: 'hub', from: 'ke', depth: 1 });
    expect(hop('global')).toMatchObject({ role: 'hub', from: 'africa', outcome: 'delivered', depth: 2 });
    expect(hop('asia-pacific')).toMatchObject({ role: 'hub', from: 'global', outcome: 'delivered', depth: 3 });
    expect(hop('jp')).toMatchObject({ role: 'recipient', from: 'asia-pacific', outcome: 'delivered', depth: 4 });
    // Every time is known and counts from the alert's creation, each hop after the one before it.
    for (const h of route.hops.filter((x) => x.outcome !== 'refused')) {
      expect(h.sinceCreationMs).toBeGreaterThanOrEqual(0);
      expect(h.hopMs).toBeGreaterThanOrEqual(0);
    }
    expect(hop('jp')!.sinceCreationMs!).toBeGreaterThanOrEqual(hop('asia-pacific')!.sinceCreationMs!);
    const slowest = route.hops.filter((h) => h.slowest);
    expect(slowest).toHaveLength(1);
    expect(route.slowest).toEqual({ party: slowest[0].party, hopMs: Math.max(...route.hops.map((h) => h.hopMs ?? 0)) });

    const text = await cli('ke', ['trace', id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^alert ${id} from ke, created `));
    expect(text.stdout).toMatch(/^ {8}jp +recipient +delivered, stored +bulk +\+\d+ ms +\d+ ms/m);
    expect(text.stdout.match(/◀ slowest hop/g)).toHaveLength(1);

    // Refused for a member: ke-fin is a sector CERT, which receives at most GREEN.
    const amber = await mesh.submit('ke', alert({ tlp: 'AMBER', recipients: ['ke-fin', 'ng'] }));
    const refused = await waitUntil(
      'the refusal for ke-fin in the trace',
      async () => {
        const r = await cli('ke', ['trace', amber]);
        return r.code === 0 && /^ {4}ke-fin +recipient +refused/m.test(r.stdout) && /^ {4}ng +recipient +delivered, stored/m.test(r.stdout)
          ? r
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(refused.stdout).toMatch(/^ {4}ke-fin +recipient +refused +— +— +tier-tlp-ceiling: ke-fin is tier sector/m);
    // A node that received the alert knows the hubs it crossed, and its own time.
    const atJp = JSON.parse((await cli('jp', ['trace', id, '--json'])).stdout) as AlertRoute;
    expect(atJp.hops.map((h) => h.party)).toEqual(['ke', 'africa', 'global', 'asia-pacific', 'jp']);
    expect((await cli('ke', ['trace', v7()])).stderr).toMatch(/^cirtmesh: 404 /);
  });

  it('searches by indicator and by words, as a table or as JSON', async () => {
    const id = await mesh.submit(
      'ke',
      alert({
        tlp: 'GREEN',
        title: 'Kraken stealer campaign',
        description: 'Zanzibar lure pages',
        indicators: [{ type: 'domain', value: 'cdn.kraken-cli.example' }],
      }),
    );
    const byValue = await cli('ke', ['search', 'kraken-cli.example']);
    expect(byValue).toMatchObject({ code: 0, stderr: '' });
    const rows = byValue.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^id +created +severity +tlp +origin +direction +matched +title$/);
    expect(rows.slice(2)).toEqual([
      expect.stringMatching(new RegExp(`^${id} .* ke +sent +domain:cdn\\.kraken-cli\\.example \\(subdomain\\) +Kraken stealer campaign$`)),
    ]);
    const json = await cli('ke', ['search', 'cdn.kraken-cli.example', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ items: [{ alert: { alert: { id } }, matched: [{ match: 'exact' }] }], next: null });

    const byWords = await cli('ke', ['search', '--q', 'zanzibar kraken', '--direction', 'sent']);
    expect(byWords.stdout.trimEnd().split('\n').slice(2)).toEqual([expect.stringMatching(new RegExp(`^${id} .*Kraken stealer campaign$`))]);
    expect((await cli('ke', ['search', '--q', 'zanzibar nothere'])).stdout).toBe('no alerts found\n');
  });

  it('exports an alert as STIX and MISP, and imports the documents, an X-ARF report and an ARF message into other nodes', async () => {
    const title = 'Lure domains exported for other tools';
    const id = await mesh.submit('ke', alert({ tlp: 'GREEN', scope: 'national', title }));
    const bundle = join(home, `${id}.stix.json`);
    const exported = await cli('ke', ['export', id, '--format', 'stix', '--out', bundle]);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toMatch(new RegExp(`^exported ${id} as a STIX 2\\.1 bundle to .+ \\(\\d+ bytes\\)\\n$`));

    const imported = await cli('jp', ['import', bundle, '--scope', 'national']);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(new RegExp(`^imported [0-9a-f-]{36} \\(scope national, TLP:GREEN\\): ${title}\\n$`));
    const again = await cli('jp', ['import', bundle, '--scope', 'national']);
    expect(again).toMatchObject({ code: 1, stderr: 'cirtmesh: nothing imported: the node skipped the one thing it found\n' });
    expect(again.stdout).toMatch(/^skipped report--[0-9a-f-]{36}: duplicate of [0-9a-f-]{36}\n$/);

    // A MISP event through a pipe: `cirtmesh export … | cirtmesh import -`.
    const event = await cli('ke', ['export', id, '--format', 'misp']);
    const piped = start('ng', ['import', '-', '--scope', 'national', '--json']);
    piped.child.stdin.end(event.stdout);
    const answer = await piped.result();
    expect(answer).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(answer.stdout)).toEqual({
      alerts: [{ id: expect.any(String), title, tlp: 'GREEN', scope: 'national' }],
      campaigns: [],
      skipped: [],
    });

    // Abuse reports open spam campaigns: an X-ARF report and an ARF message, each told by its content.
    const xarf = join(home, 'report.json');
    writeFileSync(xarf, JSON.stringify(xarfSpam('198.51.100.7', 0)));
    expect((await cli('za', ['import', xarf])).stdout).toMatch(/^campaign ipv4:198\.51\.100\.7: 1 report, closes \S+Z\n$/);
    const arf = join(home, 'report.eml');
    writeFileSync(arf, arfMessage('192.0.2.1', 'arf-1@isp.example'));
    expect((await cli('za', ['import', arf])).stdout).toMatch(/^campaign ipv4:192\.0\.2\.1: 1 report, closes \S+Z\n$/);

    writeFileSync(join(home, 'notes.txt'), 'just some notes');
    expect(await cli('za', ['import', join(home, 'notes.txt')])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^cirtmesh: cannot tell the format of .*notes\.txt: .*; pass --format stix\|misp\|xarf\|arf\n$/),
    });
    const readOnly = await cli('za', ['import', arf], { CIRTMESH_TOKEN: mesh.runner.party('za').readToken });
    expect(readOnly).toMatchObject({ code: 1, stderr: 'cirtmesh: 403 token read lacks the submit role\n' });
    const missing = '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f';
    expect(await cli('ke', ['export', missing, '--format', 'misp'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `cirtmesh: 404 alert ${missing} is not held by this node\n`,
    });
  });

  it('reports the status of a node', async () => {
    const status = await waitUntil(
      'ke to report ok',
      async () => {
        const r = await cli('ke', ['status']);
        return r.code === 0 ? r : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(status.stdout).toMatch(/^node: +ke in region africa$/m);
    expect(status.stdout).toMatch(/^status: +ok$/m);
    expect(status.stdout).toMatch(/^link to hub africa: up$/m);
    const json = await cli('ke', ['status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ node: 'ke', region: 'africa', link: { hub: 'africa', up: true } });
  });

  it('takes the node from a profile file, and warns when others may read it', async () => {
    const party = mesh.runner.party('za');
    const profiles = join(home, 'profiles.json');
    writeFileSync(
      profiles,
      JSON.stringify({ profiles: { za: { url: `http://127.0.0.1:${party.httpPort}`, token: party.apiToken } }, default: 'za' }),
    );
    chmodSync(profiles, 0o644);
    const env = { ...baseEnv(), CIRTMESH_PROFILE_FILE: profiles };
    const warned = await new Cli(['status', '--json'], env).result();
    expect(JSON.parse(warned.stdout)).toMatchObject({ node: 'za' });
    expect(warned.stderr).toBe(
      `cirtmesh: warning: profile file ${profiles} can be read by others (mode 644) and it holds tokens: run chmod 600 ${profiles}\n`,
    );
    chmodSync(profiles, 0o600);
    expect(await new Cli(['status', '--json', '--profile', 'za'], env).result()).toMatchObject({ code: 0, stderr: '' });
    expect(await new Cli(['status', '--profile', 'jp'], env).result()).toEqual({
      code: 2,
      stdout: '',
      stderr: `cirtmesh: no profile "jp" in ${profiles} (it has za)\n`,
    });
  });

  it('fails with one line and a non-zero status: a bad token, an unreachable node, an unknown alert, a bad alert, no token', async () => {
    const badToken = await cli('ke', ['status'], { CIRTMESH_TOKEN: 'not-a-token' });
    expect(badToken).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cirtmesh: 401 a valid bearer token is required (check --token, CIRTMESH_TOKEN or the profile)\n',
    });

    const port = await freePortBlock(1);
    const unreachable = await cli('ke', ['show', '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f', '--url', `http://127.0.0.1:${port}`]);
    expect(unreachable).toEqual({ code: 1, stdout: '', stderr: `cirtmesh: cannot reach http://127.0.0.1:${port}: connection refused\n` });
    const tailUnreachable = await cli('ke', ['tail', '--url', `http://127.0.0.1:${port}`]);
    expect(tailUnreachable).toMatchObject({ code: 1, stderr: `cirtmesh: cannot reach http://127.0.0.1:${port}: connection refused\n` });

    const missing = '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f';
    expect(await cli('ke', ['show', missing])).toEqual({
      code: 1,
      stdout: '',
      stderr: `cirtmesh: 404 alert ${missing} is not held by this node\n`,
    });

    const invalid = await cli('ke', [
      'submit',
      '--title',
      'x',
      '--severity',
      'high',
      '--tlp',
      'AMBER',
      '--category',
      'malware',
      '--indicator',
      'ipv4:300.1.1.1',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /^cirtmesh: 400 the request has invalid fields; .*recipients.*indicators\.0\.value: value must be an IPv4 address/,
    );
    expect(invalid.stderr.split('\n')).toHaveLength(2);

    const readOnly = await cli('ke', ['ack', missing], { CIRTMESH_TOKEN: mesh.runner.party('ke').readToken });
    expect(readOnly).toMatchObject({ code: 1, stderr: 'cirtmesh: 403 token read lacks the submit role\n' });

    const noFile = await cli('ke', ['submit', '--file', join(home, 'absent.json')]);
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cirtmesh: cannot read .*absent\.json: ENOENT.*\n$/) });

    expect(await new Cli(['status'], { ...baseEnv(), CIRTMESH_URL: 'http://127.0.0.1:1' }).result()).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cirtmesh: no token: pass --token, set CIRTMESH_TOKEN or add a profile\n',
    });
  });
});
