import type { NodeStatus, StoredAlert } from '@cirtmesh/client';
import {
  clean,
  formatAlertDetail,
  formatAlertLine,
  formatAlertTable,
  formatBytes,
  formatDuration,
  formatFeedback,
  formatIndicatorTable,
  formatStatus,
  paintFor,
  table,
} from './operator-format';

const ID = '0190f2a1-7c3e-7b2a-9d4e-1a2b3c4d5e6f';

function stored(over: Partial<StoredAlert> = {}, alert: Partial<StoredAlert['alert']> = {}): StoredAlert {
  return {
    seq: 12,
    direction: 'received',
    storedAt: '2026-11-22T10:00:01.000Z',
    via: ['africa', 'global', 'asia-pacific'],
    alert: {
      id: ID,
      origin: 'ke',
      createdAt: '2026-11-22T10:00:00.123Z',
      title: 'Emotet wave',
      category: 'malware',
      severity: 'high',
      tlp: 'GREEN',
      scope: 'global',
      ...alert,
    },
    ...over,
  };
}

const ESC = '\u001b';

describe(formatAlertLine.name, () => {
  it('puts one alert on one line: time, severity, TLP, where from, category, title, id', () => {
    expect(formatAlertLine(stored())).toBe(
      `2026-11-22 10:00:00Z  HIGH      TLP:GREEN         from ke       malware        Emotet wave  ${ID}`,
    );
    expect(formatAlertLine(stored({ direction: 'sent' }))).toContain('  sent          malware');
  });

  it('colours by severity only when colour is on', () => {
    const critical = formatAlertLine(stored({}, { severity: 'critical' }), paintFor(true));
    expect(critical.startsWith(`${ESC}[1m${ESC}[31m`)).toBe(true);
    expect(formatAlertLine(stored({}, { severity: 'medium' }), paintFor(true))).toContain(`${ESC}[33m`);
    expect(formatAlertLine(stored({}, { severity: 'critical' }), paintFor(false))).not.toContain(ESC);
  });

  it("never passes the sender's control characters to the terminal", () => {
    const line = formatAlertLine(stored({}, { title: `pwn${ESC}]0;owned\u0007\u202eevil\nnext` }));
    expect([...line].filter((c) => c.charCodeAt(0) < 0x20 || c === '\u202e')).toEqual([]);
    expect(line).toContain('pwn\uFFFD]0;owned\uFFFDevil next');
    expect(clean('a\tb\r\nc')).toBe('a b c');
  });
});

describe(table.name, () => {
  it('pads every column but the last', () => {
    expect(
      table(
        ['a', 'bb'],
        [
          ['xxx', 'y'],
          ['z', 'long value'],
        ],
      ),
    ).toBe('a    bb\n---  ----------\nxxx  y\nz    long value');
  });

  it('lists alerts and indicator hits, or says there are none', () => {
    expect(formatAlertTable([])).toBe('no alerts found');
    const rows = formatAlertTable([stored({}, { title: 'x'.repeat(80) })]).split('\n');
    expect(rows[0]).toMatch(/^id +created +severity +tlp +origin +direction +category +title$/);
    expect(rows[2]).toBe(`${ID}  2026-11-22 10:00:00Z  high      GREEN  ke      received   malware   ${'x'.repeat(59)}…`);
    const hits = formatIndicatorTable([
      {
        alertId: ID,
        alert: stored(),
        origin: 'ke',
        direction: 'received',
        createdAt: '',
        storedAt: '',
        matched: [
          { type: 'domain', value: 'cdn.evil.example', match: 'subdomain' },
          { type: 'ipv4', value: '192.0.2.7', match: 'exact' },
        ],
      },
    ]).split('\n');
    expect(hits[0]).toMatch(/ matched +title$/);
    expect(hits[2]).toContain('domain:cdn.evil.example (subdomain), ipv4:192.0.2.7  Emotet wave');
  });
});

describe(formatAlertDetail.name, () => {
  it('shows a sent alert with its deliveries, acks and sightings', () => {
    const text = formatAlertDetail(
      stored(
        {
          direction: 'sent',
          via: [],
          deliveries: [
            {
              recipient: 'ng',
              outcome: 'delivered',
              hub: 'africa',
              decidedAt: '2026-11-22T10:00:02Z',
              policy: 'v3',
              reasons: [{ code: 'tlp-allows', text: '' }],
            },
            {
              recipient: 'ke-fin',
              outcome: 'refused',
              hub: 'africa',
              decidedAt: '2026-11-22T10:00:02Z',
              policy: 'v3',
              reasons: [{ code: 'tier-caps-tlp', text: '' }],
            },
          ],
          acks: [{ node: 'ng', at: '2026-11-22T11:00:00Z' }],
          sightings: [{ node: 'za', count: 5, firstSeen: '2026-11-19T08:00:00Z', lastSeen: '2026-11-21T09:30:00Z' }],
        },
        { description: 'line one\nline two', indicators: [{ type: 'ipv4', value: '192.0.2.7' }] },
      ),
    );
    expect(text.split('\n')).toEqual([
      'Emotet wave',
      `id:          ${ID}`,
      'severity:    high',
      'tlp:         GREEN',
      'category:    malware',
      'scope:       global',
      'origin:      ke',
      'created:     2026-11-22T10:00:00.123Z',
      'stored:      2026-11-22T10:00:01.000Z (sent, event 12)',
      'description:',
      '  line one',
      '  line two',
      'indicators:',
      '  ipv4  192.0.2.7',
      'deliveries:',
      '  ng      delivered  by africa, policy v3: tlp-allows',
      '  ke-fin  refused    by africa, policy v3: tier-caps-tlp',
      'acks:',
      '  ng  2026-11-22T11:00:00Z',
      'sightings:',
      '  za  5 seen, 2026-11-19T08:00:00Z to 2026-11-21T09:30:00Z',
    ]);
  });

  it('shows where a received alert came through, and who changed it', () => {
    const text = formatAlertDetail(
      stored({
        provenance: {
          origin: { node: 'ke', kid: 'ke-1' },
          attestations: [
            { hub: 'africa', kid: 'af-1', at: '2026-11-22T10:00:01Z', redactions: [{ field: 'description', action: 'mask-email' }] },
          ],
        },
      }),
    );
    expect(text).toContain('via:         africa → global → asia-pacific');
    expect(text).toContain('  signed by ke (key ke-1)\n  changed by hub africa at 2026-11-22T10:00:01Z (key af-1): description mask-email');
    expect(text).not.toContain('deliveries');
    expect(text).toContain('acks: none\nsightings: none');
  });
});

describe(formatStatus.name, () => {
  const status: NodeStatus = {
    node: 'ke',
    region: 'africa',
    status: 'degraded',
    startedAt: '2026-11-22T09:00:00Z',
    uptimeSeconds: 3_725,
    nats: { connected: true, server: 'ke-nats' },
    log: { messages: 12, firstSeq: 1, lastSeq: 12, bytes: 20_480 },
    archive: { alerts: 12, store: 'memory' },
    link: { hub: 'africa', up: false, error: 'TIMEOUT' },
    outbound: { pending: 3, inFlight: 1, redelivered: 0 },
    inbound: null,
    critical: { outbound: { pending: 0, inFlight: 0, redelivered: 0 }, inbound: null },
    latency: {
      windowMinutes: 60,
      points: [
        { minute: '2026-11-22T09:58:00.000Z', deliveries: 4, p50Ms: 30, p99Ms: 80, maxMs: 80 },
        { minute: '2026-11-22T09:59:00.000Z', deliveries: 2, p50Ms: 20, p99Ms: 45, maxMs: 45 },
      ],
    },
    mesh: {
      hub: {
        hub: 'africa',
        parent: 'global',
        link: { up: true, changedAt: '2026-11-22T09:00:00.000Z' },
        backlog: { pending: 7, inFlight: 2 },
        above: { hub: 'global', parent: null, link: null, backlog: { pending: 0, inFlight: 0 }, at: '2026-11-22T10:00:00.000Z' },
        at: '2026-11-22T10:00:01.000Z',
        receivedAt: '2026-11-22T10:00:01.000Z',
      },
    },
  };
  const now = new Date('2026-11-22T10:00:04.000Z');

  it('answers the first questions: health, link, what waits', () => {
    expect(formatStatus(status, undefined, now).split('\n')).toEqual([
      'node:               ke in region africa',
      'status:             degraded',
      'up for:             1h 2m (since 2026-11-22T09:00:00Z)',
      'nats:               connected to ke-nats',
      'link to hub africa: down (TIMEOUT)',
      'to send up:         3 pending, 1 in flight, 0 redelivered',
      'to come down:       unknown',
      'critical, up:       0 pending, 0 in flight, 0 redelivered',
      'critical, down:     unknown',
      'log:                12 messages, events 1 to 12, 20.0 KiB',
      'archive:            12 alerts (memory)',
      'latency, last hour: 6 received, p99 at most 80 ms in any minute',
      'mesh:               africa: 7 waiting, 2 in hand; link to global up; global: 0 waiting (heard 3s ago)',
    ]);
    expect(formatStatus({ ...status, mesh: { hub: null } })).toContain('mesh:               not heard from the hub yet');
    const down = { ...status.mesh.hub!, link: { up: false, changedAt: '' }, above: null, backlog: null };
    expect(formatStatus({ ...status, mesh: { hub: down } }, undefined, now)).toContain(
      'mesh:               africa: backlog unknown; link to global down; global: not heard (heard 3s ago)',
    );
    expect(formatStatus({ ...status, latency: { windowMinutes: 60, points: [] } })).toContain(
      'latency, last hour: nothing received in the last 60 minutes',
    );
  });

  it('formats durations, sizes and feedback', () => {
    expect([formatDuration(0), formatDuration(59), formatDuration(90_061)]).toEqual(['0s', '59s', '1d 1h']);
    expect([formatBytes(10), formatBytes(1_048_576 * 3)]).toEqual(['10 B', '3.0 MiB']);
    const base = { id: 'f', alertId: ID, origin: 'ke', from: 'jp', at: '' };
    expect(formatFeedback({ ...base, kind: 'ack' })).toBe(`acknowledged ${ID}; the ack goes to ke`);
    expect(formatFeedback({ ...base, kind: 'sighting', sighting: { count: 1, firstSeen: '', lastSeen: '' } })).toBe(
      `reported 1 sighting of ${ID}; the report goes to ke`,
    );
  });
});
