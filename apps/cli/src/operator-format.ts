import type { Severity } from '@cirtmesh/contracts';
import type { FeedbackReceipt, IndicatorHit, NodeStatus, QueueStatus, StoredAlert, SubmittedAlert } from '@cirtmesh/client';
import { formatMesh } from './mesh-format';
import { clean, plain, type Paint, type Style } from './terminal';

export { clean, paintFor, plain, type Paint } from './terminal';

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: ['bold', 'red'],
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
};

function severityStyle(severity: string): Style {
  return SEVERITY_STYLE[severity as Severity] ?? 'none';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `2026-11-22 10:13:49Z` from an ISO 8601 instant. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return clean(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}Z`;
}

function fromWhere(record: StoredAlert): string {
  return record.direction === 'sent' ? 'sent' : `from ${record.alert.origin}`;
}

/** One alert on one line, for `tail`, coloured by severity. */
export function formatAlertLine(record: StoredAlert, paint: Paint = plain): string {
  const { alert } = record;
  const cells = [
    shortTime(alert.createdAt),
    alert.severity.toUpperCase().padEnd(8),
    `TLP:${alert.tlp}`.padEnd(16),
    clean(fromWhere(record)).padEnd(12),
    clean(alert.category).padEnd(13),
    clean(alert.title),
    alert.id,
  ];
  return paint(severityStyle(alert.severity), cells.join('  '));
}

/** Columns padded to the widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const TITLE_WIDTH = 60;

function alertCells(record: StoredAlert): string[] {
  const { alert } = record;
  return [alert.id, shortTime(alert.createdAt), alert.severity, alert.tlp, clean(alert.origin), record.direction, clean(alert.category)];
}

/** `search --q`: one row per alert. */
export function formatAlertTable(records: StoredAlert[]): string {
  if (records.length === 0) return 'no alerts found';
  return table(
    ['id', 'created', 'severity', 'tlp', 'origin', 'direction', 'category', 'title'],
    records.map((r) => [...alertCells(r), truncate(clean(r.alert.title), TITLE_WIDTH)]),
  );
}

/** `search VALUE`: one row per alert, with the indicators that matched and how. */
export function formatIndicatorTable(hits: IndicatorHit[]): string {
  if (hits.length === 0) return 'no alerts found';
  return table(
    ['id', 'created', 'severity', 'tlp', 'origin', 'direction', 'matched', 'title'],
    hits.map((hit) => {
      const matched = hit.matched.map((m) => `${clean(m.type)}:${clean(m.value)}${m.match === 'exact' ? '' : ` (${clean(m.match)})`}`);
      return [...alertCells(hit.alert).slice(0, 6), truncate(matched.join(', '), 60), truncate(clean(hit.alert.alert.title), TITLE_WIDTH)];
    }),
  );
}

/** `show`: the alert, where it went, and what came back. */
export function formatAlertDetail(record: StoredAlert, paint: Paint = plain): string {
  return [
    paint('bold', clean(record.alert.title)),
    ...alertFields(record),
    ...alertContent(record),
    ...provenanceLines(record),
    ...deliveryLines(record, paint),
    ...feedbackLines(record),
  ].join('\n');
}

/** The alert's one-line facts, `name:` padded. */
function alertFields(record: StoredAlert): string[] {
  const { alert } = record;
  const lines: string[] = [];
  const field = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') lines.push(`${`${name}:`.padEnd(13)}${value}`);
  };
  const list = (values: string[] | undefined): string | undefined => (values?.length ? values.map(clean).join(', ') : undefined);
  field('id', alert.id);
  field('severity', alert.severity);
  field('tlp', alert.tlp + (record.handling === 'organisation-only' ? ' (for this organisation only)' : ''));
  field('category', clean(alert.category));
  field('scope', alert.scope);
  field('origin', clean(alert.origin));
  field('created', alert.createdAt);
  field('stored', `${record.storedAt} (${record.direction}, event ${record.seq})`);
  if (record.via.length > 0) field('via', record.via.map(clean).join(' → '));
  field('recipients', list(alert.recipients));
  field('groups', list(alert.groups));
  field('sectors', list(alert.sectors));
  field('valid until', alert.validUntil);
  field('not before', alert.notBefore);
  return lines;
}

/** Description, indicators and references, each under its heading. */
function alertContent({ alert }: StoredAlert): string[] {
  const lines: string[] = [];
  if (alert.description) lines.push('description:', ...alert.description.split(/\r?\n/).map((l) => `  ${clean(l)}`));
  if (alert.indicators?.length) {
    const width = Math.max(...alert.indicators.map((i) => i.type.length));
    lines.push('indicators:', ...alert.indicators.map((i) => `  ${clean(i.type).padEnd(width)}  ${clean(i.value)}`));
  }
  if (alert.references?.length) lines.push('references:', ...alert.references.map((r) => `  ${clean(r)}`));
  return lines;
}

/** Who signed it, and every hub that changed it. */
function provenanceLines(record: StoredAlert): string[] {
  if (!record.provenance) return [];
  const { origin, attestations } = record.provenance;
  return [
    'provenance:',
    `  signed by ${clean(origin.node)} (key ${clean(origin.kid)})`,
    ...attestations.map((a) => {
      const what = a.redactions.map((r) => `${clean(r.field)} ${clean(r.action)}`).join(', ') || 'no change';
      return `  changed by hub ${clean(a.hub)} at ${a.at} (key ${clean(a.kid)}): ${what}`;
    }),
  ];
}

/** For a sent alert: each recipient's outcome, which hub decided it, and why. */
function deliveryLines(record: StoredAlert, paint: Paint): string[] {
  if (record.direction !== 'sent') return [];
  const deliveries = record.deliveries ?? [];
  const width = Math.max(0, ...deliveries.map((d) => d.recipient.length));
  return [
    `deliveries:${deliveries.length === 0 ? ' none reported yet' : ''}`,
    ...deliveries.map((d) => {
      const style: Style = d.outcome === 'delivered' ? 'green' : d.outcome === 'refused' ? 'red' : 'yellow';
      const when = d.outcome === 'deferred' && d.notBefore ? ` until ${d.notBefore}` : '';
      const reasons = d.reasons.map((r) => clean(r.code)).join(', ');
      const redacted = d.redactions?.length ? `; redacted ${d.redactions.map((r) => clean(r.field)).join(', ')}` : '';
      const outcome = paint(style, d.outcome.padEnd(9));
      return `  ${clean(d.recipient).padEnd(width)}  ${outcome}  by ${clean(d.hub)}${when}, policy ${clean(d.policy)}: ${reasons}${redacted}`;
    }),
  ];
}

/** Acks and sightings, per node. */
function feedbackLines(record: StoredAlert): string[] {
  const acks = record.acks ?? [];
  const sightings = record.sightings ?? [];
  return [
    `acks:${acks.length === 0 ? ' none' : ''}`,
    ...acks.map((a) => `  ${clean(a.node)}  ${a.at}`),
    `sightings:${sightings.length === 0 ? ' none' : ''}`,
    ...sightings.map((s) => `  ${clean(s.node)}  ${s.count} seen, ${s.firstSeen} to ${s.lastSeen}`),
  ];
}

export function formatSubmitted(alert: SubmittedAlert): string {
  return `submitted ${alert.id} (event ${alert.seq}, scope ${alert.scope}, TLP:${alert.tlp})`;
}

export function formatFeedback(receipt: FeedbackReceipt): string {
  if (receipt.kind === 'ack') return `acknowledged ${receipt.alertId}; the ack goes to ${clean(receipt.origin)}`;
  const count = receipt.sighting?.count ?? 0;
  return `reported ${count} sighting${count === 1 ? '' : 's'} of ${receipt.alertId}; the report goes to ${clean(receipt.origin)}`;
}

export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = Math.floor(seconds % 60);
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.slice(0, 2).join(' ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function formatQueue(queue: QueueStatus | null): string {
  if (!queue) return 'unknown';
  return `${queue.pending} pending, ${queue.inFlight} in flight, ${queue.redelivered} redelivered`;
}

/** The hour's deliveries to the node, and the slowest minute's p99. */
function formatLatency(latency: NodeStatus['latency']): string {
  const deliveries = latency.points.reduce((sum, p) => sum + p.deliveries, 0);
  if (deliveries === 0) return `nothing received in the last ${latency.windowMinutes} minutes`;
  const worst = Math.max(...latency.points.map((p) => p.p99Ms));
  return `${deliveries} received, p99 at most ${worst} ms in any minute`;
}

/** `status`: what an operator asks first. */
export function formatStatus(status: NodeStatus, paint: Paint = plain, now: Date = new Date()): string {
  const style: Style = status.status === 'ok' ? 'green' : status.status === 'degraded' ? 'yellow' : 'red';
  const link = status.link.up
    ? paint('green', 'up')
    : `${paint('red', 'down')}${status.link.error ? ` (${clean(status.link.error)})` : ''}`;
  const rows: Array<[string, string]> = [
    ['node', `${clean(status.node)} in region ${clean(status.region)}`],
    ['status', paint(style, status.status)],
    ['up for', `${formatDuration(status.uptimeSeconds)} (since ${status.startedAt})`],
    ['nats', status.nats.connected ? `connected to ${clean(status.nats.server ?? 'its server')}` : paint('red', 'not connected')],
    [`link to hub ${clean(status.link.hub)}`, link],
    ['to send up', formatQueue(status.outbound)],
    ['to come down', formatQueue(status.inbound)],
    ['critical, up', formatQueue(status.critical.outbound)],
    ['critical, down', formatQueue(status.critical.inbound)],
    [
      'log',
      status.log
        ? `${status.log.messages} messages, events ${status.log.firstSeq} to ${status.log.lastSeq}, ${formatBytes(status.log.bytes)}`
        : paint('red', 'unavailable'),
    ],
    ['archive', `${status.archive.alerts} alerts (${clean(status.archive.store)})`],
    ['latency, last hour', formatLatency(status.latency)],
    ['mesh', formatMesh(status.mesh, now, paint)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n');
}
