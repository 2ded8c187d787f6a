import { parse } from 'yaml';
import { MeshMetrics } from './mesh-metrics';
import { prometheusConfig } from './prometheus-config';

/** The lines of one metric in the exposition, without its HELP and TYPE. */
async function lines(metrics: MeshMetrics, name: string): Promise<string[]> {
  return (await metrics.render()).split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

const CLEAR_MALWARE = { tlp: 'CLEAR', category: 'malware' };

describe(MeshMetrics.name, () => {
  it('counts alerts by event, lane, TLP and category, labelled with the party', async () => {
    const metrics = new MeshMetrics('ke', {}, { processMetrics: false });
    metrics.alert('submitted', 'bulk', CLEAR_MALWARE);
    metrics.alert('submitted', 'bulk', CLEAR_MALWARE);
    metrics.alert('forwarded', 'critical', { tlp: 'AMBER', category: 'phishing' });
    expect(await lines(metrics, 'cirtmesh_alerts_total')).toEqual([
      'cirtmesh_alerts_total{event="submitted",lane="bulk",tlp="CLEAR",category="malware",party="ke"} 2',
      'cirtmesh_alerts_total{event="forwarded",lane="critical",tlp="AMBER",category="phishing",party="ke"} 1',
    ]);
  });

  it("counts a routed alert in the lane it went on in, each decision by its first reason, and a member's alert that went nowhere", async () => {
    const metrics = new MeshMetrics('africa', {}, { processMetrics: false });
    const refused = { verdict: 'refuse', reasons: [{ code: 'rate-limited' }, { code: 'other' }] };
    metrics.routed(CLEAR_MALWARE, 'critical', [{ verdict: 'deliver', reasons: [], lane: 'bulk' }, refused], 'ng');
    metrics.routed(CLEAR_MALWARE, 'bulk', [refused, refused], 'ng');
    metrics.routed(CLEAR_MALWARE, 'bulk', [refused], undefined);
    expect(await lines(metrics, 'cirtmesh_alerts_total')).toEqual([
      'cirtmesh_alerts_total{event="relayed",lane="bulk",tlp="CLEAR",category="malware",party="africa"} 3',
    ]);
    expect(await lines(metrics, 'cirtmesh_decisions_total')).toEqual([
      'cirtmesh_decisions_total{verdict="deliver",reason="none",party="africa"} 1',
      'cirtmesh_decisions_total{verdict="refuse",reason="rate-limited",party="africa"} 4',
    ]);
    // Only the second: the first reached someone, the third came from above.
    expect(await lines(metrics, 'cirtmesh_member_refused_alerts_total')).toEqual([
      'cirtmesh_member_refused_alerts_total{member="ng",reason="rate-limited",party="africa"} 1',
    ]);
  });

  it('observes delivery latency from creation to store, never below zero when clocks differ', async () => {
    const metrics = new MeshMetrics('jp', {}, { processMetrics: false });
    metrics.delivered('bulk', '2026-12-02T10:00:00.000Z', new Date('2026-12-02T10:00:00.040Z'));
    metrics.delivered('bulk', '2026-12-02T10:00:01.000Z', new Date('2026-12-02T10:00:00.900Z'));
    const histogram = await lines(metrics, 'cirtmesh_delivery_latency_seconds_bucket');
    expect(histogram).toContain('cirtmesh_delivery_latency_seconds_bucket{le="0.005",party="jp",lane="bulk"} 1');
    expect(histogram).toContain('cirtmesh_delivery_latency_seconds_bucket{le="0.05",party="jp",lane="bulk"} 2');
    expect(await lines(metrics, 'cirtmesh_delivery_latency_seconds_sum')).toEqual([
      'cirtmesh_delivery_latency_seconds_sum{party="jp",lane="bulk"} 0.04',
    ]);
  });

  it('counts rejections by code, and signature failures apart', async () => {
    const metrics = new MeshMetrics('africa', {}, { processMetrics: false });
    metrics.rejected('BAD_SIGNATURE', true);
    metrics.rejected('MALFORMED', false);
    expect(await lines(metrics, 'cirtmesh_rejected_total')).toEqual([
      'cirtmesh_rejected_total{reason="BAD_SIGNATURE",party="africa"} 1',
      'cirtmesh_rejected_total{reason="MALFORMED",party="africa"} 1',
    ]);
    expect(await lines(metrics, 'cirtmesh_signature_failures_total')).toEqual(['cirtmesh_signature_failures_total{party="africa"} 1']);
  });

  it('reads queues, the link, the archive, the live stream and versions from their sources at each scrape', async () => {
    let pending = 3;
    const metrics = new MeshMetrics(
      'ng',
      {
        consumers: () => Promise.resolve([{ consumer: 'africa:DELIVER/ng', pending, ackPending: 1, redelivered: 2 }]),
        uplink: () => ({ up: false, changedAt: new Date('2026-12-02T10:00:00Z') }),
        archive: () => Promise.resolve({ store: 'memory', alerts: 42 }),
        streams: () => ({ clients: 5, overflows: 1 }),
        directoryVersion: () => 'abc123',
      },
      { processMetrics: false },
    );
    expect(await lines(metrics, 'cirtmesh_consumer_pending')).toEqual([
      'cirtmesh_consumer_pending{consumer="africa:DELIVER/ng",party="ng"} 3',
    ]);
    pending = 7;
    const text = await metrics.render();
    expect(text).toContain('cirtmesh_consumer_pending{consumer="africa:DELIVER/ng",party="ng"} 7');
    expect(text).toContain('cirtmesh_consumer_ack_pending{consumer="africa:DELIVER/ng",party="ng"} 1');
    expect(text).toContain('cirtmesh_consumer_redelivered_total{consumer="africa:DELIVER/ng",party="ng"} 2');
    expect(text).toContain('cirtmesh_uplink_up{party="ng"} 0');
    expect(text).toContain('cirtmesh_uplink_changed_timestamp_seconds{party="ng"} 1796205600');
    expect(text).toContain('cirtmesh_archive_alerts{store="memory",party="ng"} 42');
    expect(text).toContain('cirtmesh_stream_clients{party="ng"} 5');
    expect(text).toContain('cirtmesh_stream_overflows_total{party="ng"} 1');
    expect(text).toContain('cirtmesh_directory_info{version="abc123",party="ng"} 1');
    expect(text).not.toMatch(/^cirtmesh_policy_info\{/m);
  });

  it('reads the queues and the link once per scrape, however many metrics show them', async () => {
    const reads = { consumers: 0, uplink: 0 };
    const metrics = new MeshMetrics(
      'ng',
      {
        consumers: () => {
          reads.consumers += 1;
          return Promise.resolve([{ consumer: 'ALERTS/uplink', pending: 1, ackPending: 0, redelivered: 0 }]);
        },
        uplink: () => {
          reads.uplink += 1;
          return { up: true, changedAt: new Date(0) };
        },
      },
      { processMetrics: false },
    );
    const text = await metrics.render();
    expect(text).toContain('cirtmesh_consumer_redelivered_total{consumer="ALERTS/uplink",party="ng"} 0');
    expect(text).toContain('cirtmesh_uplink_changed_timestamp_seconds{party="ng"} 0');
    expect(reads).toEqual({ consumers: 1, uplink: 1 });
  });

  it('leaves out what a failing source cannot say, and still serves the rest', async () => {
    const metrics = new MeshMetrics(
      'ng',
      { consumers: () => Promise.reject(new Error('no responders')), archive: () => Promise.resolve({ store: 'memory', alerts: 1 }) },
      { processMetrics: false },
    );
    const text = await metrics.render();
    expect(text).not.toMatch(/^cirtmesh_consumer_pending\{/m);
    expect(text).toContain('cirtmesh_archive_alerts{store="memory",party="ng"} 1');
  });
});

describe(prometheusConfig.name, () => {
  it('scrapes each party with its own token, with the rules and interval given', () => {
    const text = prometheusConfig(
      [
        { party: 'africa', role: 'regional', api: 'http://127.0.0.1:14305', token: 't-africa' },
        { party: 'ke', role: 'national', api: 'https://ke.example:8443', token: 't-ke' },
      ],
      { ruleFiles: ['/etc/prometheus/cirtmesh-rules.yml'], scrapeIntervalSeconds: 5 },
    );
    expect(parse(text)).toEqual({
      global: { scrape_interval: '5s', evaluation_interval: '5s' },
      rule_files: ['/etc/prometheus/cirtmesh-rules.yml'],
      scrape_configs: [
        {
          job_name: 'africa',
          metrics_path: '/metrics',
          scheme: 'http',
          authorization: { type: 'Bearer', credentials: 't-africa' },
          static_configs: [{ targets: ['127.0.0.1:14305'], labels: { role: 'regional' } }],
        },
        {
          job_name: 'ke',
          metrics_path: '/metrics',
          scheme: 'https',
          authorization: { type: 'Bearer', credentials: 't-ke' },
          static_configs: [{ targets: ['ke.example:8443'], labels: { role: 'national' } }],
        },
      ],
    });
  });
});
