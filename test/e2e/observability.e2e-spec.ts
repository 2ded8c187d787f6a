import { packageRoot } from '@cirtmesh/config';
import { parseAlertEvent, Streams, Subjects, type NodeStatus, type StoredAlert } from '@cirtmesh/contracts';
import { prometheusConfig, type ScrapeTarget } from '@cirtmesh/telemetry';
import {
  OtlpReceiver,
  systemProgram,
  TestMesh,
  TestPrometheus,
  testTempDir,
  waitUntil,
  type PromSample,
  type ReceivedSpan,
} from '@cirtmesh/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 } from 'uuid';
import { parse } from 'yaml';
import { alert, ALL_NODES } from './fixtures';
import { xarfSpam } from './interop-fixtures';

const run = promisify(execFile);
const observability = join(packageRoot(__dirname), 'deploy', 'observability');
const HUBS = ['global', 'africa', 'asia-pacific'];
// OTLP's span kinds.
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * The mesh seen from outside: every hub and node serves its counts on GET /metrics to a real
 * Prometheus, and exports one trace per alert to an OTLP/HTTP receiver.
 */
describe('observability', () => {
  let mesh: TestMesh;
  let prometheus: TestPrometheus | undefined;
  let receiver: OtlpReceiver;
  let targets: ScrapeTarget[];

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    mesh = await TestMesh.start(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, CIRTMESH_LOG_LEVEL: 'debug' });
    const { hubs, nodes } = mesh.runner.manifest();
    targets = [...hubs, ...nodes].map((e) => ({ party: e.id, role: e.role ?? 'national', api: e.api, token: e.tokens.metrics }));
    prometheus = await TestPrometheus.start(
      prometheusConfig(targets, { scrapeIntervalSeconds: 1, ruleFiles: [join(observability, 'rules.yml')] }),
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await mesh?.stop();
    await receiver?.stop();
  });

  /** Polls Prometheus until the query has a sample per wanted party that passes `ok`. */
  async function until(expr: string, parties: string[], ok: (value: number) => boolean = (v) => v >= 1): Promise<PromSample[]> {
    return waitUntil(
      `${expr} for ${parties.join(', ')}`,
      async () => {
        const samples = await prometheus!.query(expr);
        const seen = new Set(samples.filter((s) => ok(s.value)).map((s) => s.metric.party));
        return parties.every((p) => seen.has(p)) ? samples : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  it('serves /metrics to a metrics or an admin token only, and a metrics token nothing else', async () => {
    const ke = mesh.runner.manifest().nodes.find((n) => n.id === 'ke')!;
    const africa = mesh.runner.manifest().hubs.find((h) => h.id === 'africa')!;
    expect((await mesh.request('ke', 'GET', '/metrics', undefined, null)).status).toBe(401);
    expect((await mesh.request('ke', 'GET', '/metrics', undefined, ke.tokens.read)).status).toBe(403);
    expect((await mesh.request('ke', 'GET', '/metrics', undefined, ke.tokens.submit)).status).toBe(403);
    expect((await mesh.request('africa', 'GET', '/metrics', undefined, africa.tokens.read)).status).toBe(403);
    expect((await mesh.request('ke', 'GET', '/api/v1/alerts', undefined, ke.tokens.metrics)).status).toBe(403);
    expect((await mesh.request('africa', 'GET', '/api/v1/decisions', undefined, africa.tokens.metrics)).status).toBe(403);
    const scraped = await fetch(`${ke.api}/metrics`, { headers: { authorization: `Bearer ${ke.tokens.metrics}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(await scraped.text()).toMatch(/^cirtmesh_uplink_up\{party="ke"\} 1$/m);
    expect((await mesh.request<string>('africa', 'GET', '/metrics')).body).toMatch(
      /^cirtmesh_policy_info\{version="[^"]+",party="africa"\} 1$/m,
    );
  });

  it('writes a Prometheus configuration for the demo that scrapes every party with its own metrics token', async () => {
    const file = join(mesh.dir, 'observability', 'prometheus.yml');
    const config = parse(readFileSync(file, 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; authorization: { credentials: string }; static_configs: { targets: string[] }[] }[];
    };
    expect(config.scrape_configs.map((j) => j.job_name).sort()).toEqual([...HUBS, ...ALL_NODES].sort());
    for (const target of targets) {
      const job = config.scrape_configs.find((j) => j.job_name === target.party)!;
      expect(job.authorization.credentials).toBe(target.token);
      expect(job.static_configs[0].targets).toEqual([new URL(target.api).host]);
    }
    expect(config.rule_files).toEqual([join(observability, 'rules.yml')]);
    await expect(run(systemProgram('promtool'), ['check', 'config', file])).resolves.toBeDefined();
  });

  it('ships alert rules that promtool checks, with unit tests of each rule firing and staying quiet', async () => {
    const checked = await run(systemProgram('promtool'), ['check', 'rules', join(observability, 'rules.yml')]);
    expect(checked.stdout).toContain('SUCCESS: 4 rules found');
    const tested = await run(systemProgram('promtool'), ['test', 'rules', 'rules.test.yml'], { cwd: observability });
    expect(tested.stdout).toContain('SUCCESS');
    // The operators' template, with its token files where it expects them.
    const dir = testTempDir('cirtmesh-prom-template-');
    const template = readFileSync(join(observability, 'prometheus.yml'), 'utf8').replaceAll('/etc/prometheus/cirtmesh', dir);
    for (const party of ['africa', 'ke']) writeFileSync(join(dir, `${party}.token`), 'token\n');
    writeFileSync(join(dir, 'prometheus.yml'), template);
    copyFileSync(join(observability, 'rules.yml'), join(dir, 'rules.yml'));
    const config = await run(systemProgram('promtool'), ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(config.stdout).toContain('SUCCESS: 4 rules found');
  });

  it('lets Prometheus see every party, the alerts at each hop, the decisions and the delivery latency', async () => {
    await waitUntil('every party scraped', async () => {
      const all = await prometheus!.targets();
      return all.length === targets.length && all.every((t) => t.health === 'up');
    });
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', category: 'malware' }));
    await Promise.all(ALL_NODES.filter((n) => n !== 'ke').map((n) => mesh.waitForAlert(n, id)));

    await until('cirtmesh_alerts_total{event="submitted",tlp="CLEAR",category="malware",lane="bulk"}', ['ke']);
    await until('cirtmesh_alerts_total{event="forwarded",tlp="CLEAR",category="malware"}', ['ke']);
    await until('cirtmesh_alerts_total{event="relayed",tlp="CLEAR",category="malware"}', HUBS);
    await until(
      'cirtmesh_alerts_total{event="received",tlp="CLEAR",category="malware"}',
      ALL_NODES.filter((n) => n !== 'ke'),
    );
    await until('cirtmesh_decisions_total{verdict="deliver"}', HUBS);
    const latency = await until('cirtmesh_delivery_latency_seconds_count{lane="bulk"}', ['jp', 'ng']);
    expect(latency.every((s) => Number.isInteger(s.value))).toBe(true);
    const p99 = await until(
      'histogram_quantile(0.99, sum by (party, le) (cirtmesh_delivery_latency_seconds_bucket))',
      ['jp'],
      (v) => v > 0,
    );
    expect(p99.find((s) => s.metric.party === 'jp')!.value).toBeLessThan(30);
    await until('cirtmesh_uplink_up', [...ALL_NODES, 'africa', 'asia-pacific'], (v) => v === 1);
    await until('cirtmesh_archive_alerts{store="memory"}', ALL_NODES);
    await until('cirtmesh_policy_info', HUBS, (v) => v === 1);
    await until('cirtmesh_directory_info', [...HUBS, ...ALL_NODES], (v) => v === 1);
    await until('cirtmesh_consumer_pending{consumer="DELIVER/ng"}', ['africa'], (v) => v >= 0);
    await until('cirtmesh_consumer_ack_pending{consumer="africa:DELIVER/ng"}', ['ng'], (v) => v >= 0);
  });

  it('ships Grafana dashboards for a hub and a node whose every query Prometheus runs', async () => {
    for (const [file, party, role] of [
      ['cirtmesh-hub.json', 'africa', 'regional|global'],
      ['cirtmesh-node.json', 'jp', 'national'],
    ]) {
      const dashboard = JSON.parse(readFileSync(join(observability, 'grafana', file), 'utf8')) as {
        templating: { list: { name: string; definition?: string }[] };
        panels: { title: string; targets: { expr: string }[] }[];
      };
      const parties = dashboard.templating.list.find((v) => v.name === 'party')!.definition!;
      expect(parties).toBe(`label_values(cirtmesh_directory_info{role=~"${role}"}, party)`);
      const listed = (await prometheus!.query(`cirtmesh_directory_info{role=~"${role}"}`)).map((s) => s.metric.party);
      expect(listed).toContain(party);
      const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll('$party', party)));
      expect(exprs.length).toBeGreaterThan(8);
      // Each runs (a PromQL mistake is an error), and most show something for a party that has worked.
      const results = await Promise.all(exprs.map((e) => prometheus!.query(e)));
      expect(results.filter((r) => r.length > 0).length).toBeGreaterThan(exprs.length / 2);
    }
  });

  it('counts a refused message by its code, and a signature that does not verify', async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', title: 'original' }));
    await mesh.waitForAlert('ng', id);
    const stored = await mesh.request<{ seq: number }>('ke', 'GET', `/api/v1/alerts/${id}`);
    const jsm = await (await mesh.nats('ke')).jetstreamManager();
    const event = parseAlertEvent((await jsm.streams.getMessage(Streams.alerts, { seq: stored.body.seq })).data);
    const tampered = { ...event, id: v7(), data: { ...event.data, title: 'tampered' } };
    tampered.data.id = tampered.id;
    const js = (await mesh.nats('africa')).jetstream();
    await js.publish(Subjects.ingest('africa', 'ke'), Buffer.from(JSON.stringify(tampered)), { msgID: `tampered-${tampered.id}` });
    await js.publish(Subjects.ingest('africa', 'ke'), Buffer.from('{"not": "an event"'), { msgID: `malformed-${tampered.id}` });
    await until('cirtmesh_signature_failures_total', ['africa']);
    await until('cirtmesh_rejected_total{reason="BAD_SIGNATURE"}', ['africa']);
    const malformed = await until('cirtmesh_rejected_total{reason!="BAD_SIGNATURE"}', ['africa']);
    expect(malformed.map((s) => s.metric.reason)).not.toContain('BAD_SIGNATURE');
    expect((await prometheus!.query('cirtmesh_signature_failures_total{party="ng"}'))[0]?.value).toBe(0);
  });

  /** The chain of parents from a span up to the caller's span; throws where a parent is missing. */
  function ancestry(spans: ReceivedSpan[], from: ReceivedSpan, caller: string): ReceivedSpan[] {
    const chain = [from];
    for (let at = from; at.parentSpanId !== caller;) {
      const parent = spans.find((s) => s.spanId === at.parentSpanId);
      if (!parent) throw new Error(`span ${at.name} at ${at.party} has a parent ${at.parentSpanId} not in its trace`);
      chain.push(parent);
      at = parent;
    }
    return chain.reverse();
  }

  /** Whether `span` is `ancestor` or below it, parent by parent. */
  function descends(spans: ReceivedSpan[], span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
    let at: ReceivedSpan | undefined = span;
    while (at) {
      if (at.spanId === ancestor.spanId) return true;
      const parentId: string | undefined = at.parentSpanId;
      at = parentId === undefined ? undefined : spans.find((s) => s.spanId === parentId);
    }
    return false;
  }

  it("holds ke's request, each of the three hubs and jp's store in one trace, parent by parent", async () => {
    // The caller's own trace context: ke's request span is its child, and the alert's trace is the caller's.
    const traceId = randomBytes(16).toString('hex');
    const caller = randomBytes(8).toString('hex');
    const submitted = await mesh.request<{ id: string }>(
      'ke',
      'POST',
      '/api/v1/alerts',
      alert({ tlp: 'CLEAR', scope: 'global', title: 'Traced across the mesh' }),
      undefined,
      { traceparent: `00-${traceId}-${caller}-01` },
    );
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    await mesh.waitForAlert('jp', id);
    // Spans come in batches from each party: the chain is read once every party's part has come.
    const { trace, chain } = await waitUntil('the chain from jp back to the request', () => {
      const spans = receiver.trace(traceId);
      const stored = spans.find(
        (s) =>
          s.party === 'jp' &&
          s.kind === CONSUMER &&
          s.events.some((e) => e.name === 'live-stream push' && e.attributes['cirtmesh.alert.id'] === id),
      );
      return stored ? { trace: spans, chain: ancestry(spans, stored, caller) } : undefined;
    });
    expect(chain[0]).toMatchObject({
      party: 'ke',
      kind: SERVER,
      parentSpanId: caller,
      name: 'POST /api/v1/alerts',
      attributes: { 'http.request.method': 'POST', 'http.response.status_code': 202 },
    });
    // ke's request, ke's store and uplink, each hub in turn, then jp.
    const parties = chain.map((s) => s.party).filter((p, i, all) => all[i - 1] !== p);
    expect(parties).toEqual(['ke', 'africa', 'global', 'asia-pacific', 'jp']);
    for (const span of chain.slice(1)) {
      expect([PRODUCER, CONSUMER]).toContain(span.kind);
      expect(span.attributes).toMatchObject({
        'messaging.system': 'nats',
        'messaging.operation.type': span.kind === PRODUCER ? 'send' : 'process',
      });
      // A hub's hand-offs of one alert are one `send` span to several destinations, named without one.
      if (span.attributes['messaging.batch.message_count'] !== undefined) expect(span.name).toBe('send');
      else
        expect(span.name).toBe(`${span.kind === PRODUCER ? 'send' : 'process'} ${span.attributes['messaging.destination.name'] as string}`);
    }
    const handOffs = chain.filter((s) => s.kind === PRODUCER && s.party !== 'ke');
    expect(handOffs.map((s) => [s.party, s.attributes['messaging.batch.message_count']])).toEqual([
      ['africa', 4],
      ['global', 1],
      ['asia-pacific', 3],
    ]);
    // Every hop alternates: a publish, then its processing on the other side.
    for (const [i, span] of chain.slice(1).entries()) expect(span.kind).toBe(i % 2 === 0 ? PRODUCER : CONSUMER);
    // Each hub's processing holds one event per recipient decision, with its verdict and reasons.
    const atAfrica = chain.find((s) => s.party === 'africa' && s.kind === CONSUMER)!;
    const decided = atAfrica.events.filter((e) => e.name === 'decision').map((e) => e.attributes['cirtmesh.recipient']);
    expect(decided).toEqual(expect.arrayContaining(['ng', 'za', 'ke-fin', 'global']));
    expect(atAfrica.events.find((e) => e.name === 'decision')!.attributes).toMatchObject({
      'cirtmesh.verdict': expect.any(String),
      'cirtmesh.reasons': expect.any(Array),
    });
    // The hubs' other deliveries are in the same trace: every node that got the alert stored it in it
    // (their spans may come in a later batch than jp's).
    const others = ['ng', 'za', 'my', 'id'];
    await waitUntil('every other recipient in the trace', () =>
      others.every((node) => receiver.trace(traceId).some((s) => s.party === node && s.kind === CONSUMER)),
    );
    expect(trace.length).toBeGreaterThan(chain.length);
  });

  it("gives each alert of a batch a trace of its own, linked to the request, and brings an ack back in the alert's trace", async () => {
    const requestTrace = randomBytes(16).toString('hex');
    const caller = randomBytes(8).toString('hex');
    const res = await mesh.request<{ results: { status: number; id: string }[] }>(
      'ke',
      'POST',
      '/api/v1/alerts/batch',
      {
        alerts: [
          alert({ tlp: 'CLEAR', scope: 'global', title: 'Batch traced 1' }),
          alert({ tlp: 'CLEAR', scope: 'global', title: 'Batch traced 2' }),
        ],
      },
      undefined,
      { traceparent: `00-${requestTrace}-${caller}-01` },
    );
    expect(res.body.results.map((r) => r.status)).toEqual([202, 202]);
    const ids = res.body.results.map((r) => r.id);
    const request = await waitUntil("ke's batch request span", () =>
      receiver.trace(requestTrace).find((s) => s.party === 'ke' && s.kind === SERVER && s.parentSpanId === caller),
    );
    // Each alert's own trace starts at a root `create` span linked to the request, and reaches jp.
    const roots = await waitUntil('a root span per alert, linked to the request', () => {
      const found = receiver.spans.filter(
        (s) => s.party === 'ke' && s.name === 'create node.ke.sent.mesh' && s.links.some((l) => l.spanId === request.spanId),
      );
      return found.length === 2 ? found : undefined;
    });
    expect(roots.map((r) => r.parentSpanId)).toEqual([undefined, undefined]);
    expect(new Set(roots.map((r) => r.traceId)).size).toBe(2);
    expect(roots.every((r) => r.traceId !== requestTrace && r.kind === PRODUCER)).toBe(true);
    const [first] = ids;
    await mesh.waitForAlert('jp', first);
    const alertTrace = await waitUntil("jp's store of the first alert in one of those traces", () => {
      const stored = receiver.spans.find(
        (s) => s.party === 'jp' && s.kind === CONSUMER && s.events.some((e) => e.attributes['cirtmesh.alert.id'] === first),
      );
      return stored && roots.some((r) => r.traceId === stored.traceId) ? stored.traceId : undefined;
    });
    expect((await mesh.request<StoredAlert>('jp', 'GET', `/api/v1/alerts/${first}`)).body.traceparent).toContain(`-${alertTrace}-`);

    // jp's ack joins the alert's trace (linked to jp's ack request) and reaches ke in it.
    const ack = await mesh.request('jp', 'POST', `/api/v1/alerts/${first}/ack`, { note: 'traced' });
    expect(ack.status).toBe(202);
    const { made, arrived } = await waitUntil("the ack's spans from jp to ke in the alert's trace", () => {
      const spans = receiver.trace(alertTrace);
      const made = spans.find((s) => s.party === 'jp' && s.name === 'create node.jp.sent.mesh');
      const arrived = made && spans.find((s) => s.party === 'ke' && s.kind === CONSUMER && descends(spans, s, made));
      return made && arrived ? { made, arrived } : undefined;
    });
    expect(made.links).toEqual([expect.objectContaining({ traceId: expect.not.stringMatching(alertTrace) })]);
    expect(arrived.attributes['messaging.destination.name']).toBe('mesh.deliver.africa.ke');
  });

  it("gives a spam campaign's alert a trace of its own, linked to each request that brought its reports", async () => {
    const source = '198.51.100.77';
    const requests: string[] = [];
    for (const n of [0, 1]) {
      const traceId = randomBytes(16).toString('hex');
      const res = await mesh.request('ng', 'POST', '/api/v1/import/xarf', [xarfSpam(source, n)], undefined, {
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      });
      expect(res.status).toBe(202);
      requests.push(traceId);
    }
    const flushed = await mesh.request<{ alerts: { id: string }[] }>('ng', 'POST', '/api/v1/spam/flush');
    expect(flushed.body.alerts).toHaveLength(1);
    const servers = await waitUntil("ng's two report requests", () => {
      const found = requests.map((t) => receiver.trace(t).find((s) => s.party === 'ng' && s.kind === SERVER));
      return found.every((s) => s !== undefined) ? found : undefined;
    });
    const root = await waitUntil("the campaign alert's root span", () =>
      receiver.spans.find(
        (s) =>
          s.party === 'ng' && s.name.startsWith('create node.ng.sent.') && servers.every((r) => s.links.some((l) => l.spanId === r.spanId)),
      ),
    );
    expect(root.parentSpanId).toBeUndefined();
    expect(requests).not.toContain(root.traceId);
    const held = await mesh.request<StoredAlert>('ng', 'GET', `/api/v1/alerts/${flushed.body.alerts[0].id}`);
    expect(held.body.traceparent).toContain(`-${root.traceId}-`);
  });

  it("puts the span's ids on the log lines of the same work", async () => {
    const id = await mesh.submit('ke', alert({ tlp: 'CLEAR', scope: 'global', title: 'Logged with its trace' }));
    await mesh.waitForAlert('jp', id);
    const stored = await waitUntil('the span of jp storing the alert', () =>
      receiver.spans.find((s) => s.party === 'jp' && s.kind === CONSUMER && s.events.some((e) => e.attributes['cirtmesh.alert.id'] === id)),
    );
    const log = join(mesh.runner.partyDir('jp'), 'logs', 'node.log');
    const lines = await waitUntil('a log line of that work', () => {
      const found = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes(stored.spanId))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      return found.length > 0 ? found : undefined;
    });
    expect(lines[0]).toMatchObject({ traceId: stored.traceId, spanId: stored.spanId });
  });
  it("tells each node its hub's state and the hub above's, which no member can forge", async () => {
    const status = (node: string): Promise<NodeStatus> => mesh.request<NodeStatus>(node, 'GET', '/api/v1/status').then((r) => r.body);
    const heard = await waitUntil(
      'ng to hear from africa, and through it from global',
      async () => ((await status('ng')).mesh.hub?.above ? status('ng') : undefined),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(heard.mesh.hub).toMatchObject({
      hub: 'africa',
      parent: 'global',
      link: { up: true },
      backlog: { pending: expect.any(Number), inFlight: expect.any(Number) },
      above: { hub: 'global', parent: null, link: null, backlog: { pending: expect.any(Number) } },
    });
    expect(Date.now() - Date.parse(heard.mesh.hub!.receivedAt)).toBeLessThan(15_000);
    // A member's connection cannot speak for its hub: what ke publishes never crosses its leaf link.
    const ke = await mesh.nats('ke');
    const forged = {
      hub: 'africa',
      parent: 'global',
      link: null,
      backlog: { pending: 999_999, inFlight: 0 },
      at: new Date().toISOString(),
    };
    const since = Date.now();
    const states: NodeStatus['mesh'][] = [];
    await waitUntil(
      'ng to hear africa twice after the forgery',
      async () => {
        ke.publish('mesh.state.africa', JSON.stringify(forged));
        const s = (await status('ng')).mesh;
        states.push(s);
        return states.filter((x) => Date.parse(x.hub?.receivedAt ?? '') > since).length >= 2 && Date.parse(s.hub!.at) > since + 5_000
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await ke.close();
    expect(states.filter((x) => x.hub?.backlog?.pending === 999_999)).toEqual([]);
    // A node hears only its own hub's state: global's own subject never reaches it.
    const jp = await status('jp');
    expect(jp.mesh.hub).toMatchObject({ hub: 'asia-pacific', above: { hub: 'global' } });
  });

  // Last: it stops a hub's server.
  it("shows a node's link going down when its hub's server stops, and coming back", async () => {
    await mesh.runner.stopServer('africa');
    try {
      await until('cirtmesh_uplink_up', ['ke', 'ng'], (v) => v === 0);
    } finally {
      await mesh.runner.startServer('africa');
    }
    const back = await until('cirtmesh_uplink_up', ['ke', 'ng'], (v) => v === 1);
    const changed = await prometheus!.query('cirtmesh_uplink_changed_timestamp_seconds{party="ke"}');
    expect(changed[0].value * 1000).toBeGreaterThan(Date.now() - 60_000);
    expect(back.length).toBeGreaterThan(0);
  });
});
