import type { ConsumerQueue } from '@cirtmesh/messaging';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What happened to an alert at this party. */
export type AlertEventKind = 'submitted' | 'forwarded' | 'received' | 'relayed';

/** What the alert counts are labelled with, besides the lane: bounded vocabularies, never ids. */
export interface AlertFacts {
  tlp: string;
  category: string;
}

/**
 * What the metrics read when they are scraped, not on the hot path. Each is optional: a hub has no
 * archive, a node no policy. A source that fails (the broker down, say) leaves its metrics out of
 * that scrape; the others are still served.
 */
export interface MetricSources {
  consumers?: () => Promise<ConsumerQueue[]>;
  uplink?: () => Promise<{ up: boolean; changedAt: Date } | undefined> | { up: boolean; changedAt: Date } | undefined;
  archive?: () => Promise<{ store: string; alerts: number }>;
  streams?: () => { clients: number; overflows: number };
  policyVersion?: () => string | undefined;
  directoryVersion?: () => string | undefined;
}

/** What the metrics read of a hub's decision record. */
export interface RoutedDecision {
  verdict: string;
  reasons: { code: string }[];
  lane?: string;
}

/** Bounds from a few milliseconds on one machine to an hour behind a link that was down. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * One read of a source for all the metrics of one scrape: Prometheus' client collects every metric
 * at once, so a read under way is shared. The three queue metrics list the consumers once, and the
 * two link metrics ask the hub once; the next scrape reads again.
 */
function oncePerScrape<T>(read: (() => T | Promise<T>) | undefined): (() => Promise<T>) | undefined {
  if (!read) return undefined;
  let inflight: Promise<T> | undefined;
  return () => {
    inflight ??= Promise.resolve()
      .then(read)
      .finally(() => (inflight = undefined));
    return inflight;
  };
}

/** Reports a source's value, or nothing when the source failed. */
async function settle<T>(read: (() => T | Promise<T>) | undefined): Promise<T | undefined> {
  if (!read) return undefined;
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/**
 * A party's Prometheus metrics (`GET /metrics`). Counters and the latency histogram are bumped as
 * the work happens, at the cost of a map lookup; queues, links, the archive and versions are read
 * from their sources when Prometheus scrapes. Every series carries the party's id as `party`.
 */
export class MeshMetrics {
  readonly registry = new Registry();
  private readonly alerts: Counter<'event' | 'lane' | 'tlp' | 'category'>;
  private readonly decisions: Counter<'verdict' | 'reason'>;
  private readonly memberRefusals: Counter<'member' | 'reason'>;
  private readonly latency: Histogram<'lane'>;
  private readonly rejections: Counter<'reason'>;
  private readonly signatureFailures: Counter;

  constructor(party: string, sources: MetricSources = {}, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ party });
    this.alerts = new Counter({
      name: 'cirtmesh_alerts_total',
      help: 'Alerts by what happened to them here: submitted, forwarded (node to hub), received (stored from the mesh), relayed (routed by a hub).',
      labelNames: ['event', 'lane', 'tlp', 'category'],
      registers,
    });
    this.decisions = new Counter({
      name: 'cirtmesh_decisions_total',
      help: "A hub's decisions, one per recipient of an alert, by verdict and first reason code.",
      labelNames: ['verdict', 'reason'],
      registers,
    });
    this.memberRefusals = new Counter({
      name: 'cirtmesh_member_refused_alerts_total',
      help: "A member's alerts that this hub refused to every recipient (over its rate, outside its policy), by member and first reason code.",
      labelNames: ['member', 'reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'cirtmesh_delivery_latency_seconds',
      help: "From an alert's creation at its origin to its store at this recipient.",
      labelNames: ['lane'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rejections = new Counter({
      name: 'cirtmesh_rejected_total',
      help: 'Messages terminated because they can never be valid (malformed, forged, looping), by code.',
      labelNames: ['reason'],
      registers,
    });
    this.signatureFailures = new Counter({
      name: 'cirtmesh_signature_failures_total',
      help: 'Messages refused because a signature or an attestation did not verify.',
      registers,
    });
    this.scraped({ ...sources, consumers: oncePerScrape(sources.consumers), uplink: oncePerScrape(sources.uplink) });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  alert(event: AlertEventKind, lane: string, alert: AlertFacts): void {
    this.alerts.inc({ event, lane, tlp: alert.tlp, category: alert.category });
  }

  /**
   * A hub routed an alert: counted as relayed in the lane it went on in (a critical alert over its
   * origin's cap goes in bulk), each decision by verdict and first reason, and, when it came from
   * a member of this hub and went to nobody, against that member.
   */
  routed(alert: AlertFacts, arrivedIn: string, decisions: RoutedDecision[], member: string | undefined): void {
    this.alert('relayed', decisions.find((d) => d.lane !== undefined)?.lane ?? arrivedIn, alert);
    for (const d of decisions) this.decisions.inc({ verdict: d.verdict, reason: d.reasons[0]?.code ?? 'none' });
    if (member !== undefined && decisions.length > 0 && decisions.every((d) => d.verdict === 'refuse')) {
      this.memberRefusals.inc({ member, reason: decisions[0].reasons[0]?.code ?? 'none' });
    }
  }

  /** A delivery stored: `createdAt` is the alert's creation at its origin. */
  delivered(lane: string, createdAt: string, storedAt: Date): void {
    const seconds = (storedAt.getTime() - Date.parse(createdAt)) / 1000;
    // Clocks differ between parties: a delivery is never observed as faster than instant.
    if (Number.isFinite(seconds)) this.latency.observe({ lane }, Math.max(0, seconds));
  }

  rejected(reason: string, signature: boolean): void {
    this.rejections.inc({ reason });
    if (signature) this.signatureFailures.inc();
  }

  /** The exposition in Prometheus' text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Metrics whose values are read from their sources at each scrape. */
  private scraped(sources: MetricSources): void {
    const registers = [this.registry];
    // A count the source keeps (the broker, a feed) is served as a counter, its value as the source has it.
    const define =
      (kind: 'gauge' | 'counter'): Define =>
      (name, help, read, labelNames = []) => {
        async function collect(this: Gauge | Counter): Promise<void> {
          this.reset();
          await read((value, labels = {}) => (this instanceof Gauge ? this.set(labels, value) : this.inc(labels, value)));
        }
        if (kind === 'gauge') new Gauge({ name, help, labelNames, registers, collect });
        else new Counter({ name, help, labelNames, registers, collect });
      };
    const gauge = define('gauge');
    const counter = define('counter');
    const consumers = async (each: (c: ConsumerQueue) => void): Promise<void> => ((await settle(sources.consumers)) ?? []).forEach(each);
    gauge(
      'cirtmesh_consumer_pending',
      'Messages not yet delivered to a durable consumer: a backlog that keeps growing means a stuck or slow reader.',
      (set) => consumers((c) => set(c.pending, { consumer: c.consumer })),
      ['consumer'],
    );
    gauge(
      'cirtmesh_consumer_ack_pending',
      'Messages delivered to a durable consumer and not yet acknowledged.',
      (set) => consumers((c) => set(c.ackPending, { consumer: c.consumer })),
      ['consumer'],
    );
    counter(
      'cirtmesh_consumer_redelivered_total',
      'Messages of a durable consumer delivered more than once, as the broker counts them.',
      (add) => consumers((c) => add(c.redelivered, { consumer: c.consumer })),
      ['consumer'],
    );
    this.stateMetrics(sources, gauge, counter);
  }

  private stateMetrics(sources: MetricSources, gauge: Define, counter: Define): void {
    gauge(
      'cirtmesh_uplink_up',
      "1 while this party reaches its hub's delivery consumer over its link, 0 while it does not.",
      async (set) => {
        const link = await settle(sources.uplink);
        if (link) set(link.up ? 1 : 0);
      },
    );
    gauge('cirtmesh_uplink_changed_timestamp_seconds', 'When the link last went up or down (Unix time).', async (set) => {
      const link = await settle(sources.uplink);
      if (link) set(link.changedAt.getTime() / 1000);
    });
    gauge(
      'cirtmesh_archive_alerts',
      "Alerts in the node's archive.",
      async (set) => {
        const archive = await settle(sources.archive);
        if (archive) set(archive.alerts, { store: archive.store });
      },
      ['store'],
    );
    gauge('cirtmesh_stream_clients', 'Clients following the live alert stream.', (set) => {
      const streams = sources.streams?.();
      if (streams) set(streams.clients);
    });
    counter('cirtmesh_stream_overflows_total', 'Live stream clients let go because they read too slowly.', (add) => {
      const streams = sources.streams?.();
      if (streams) add(streams.overflows);
    });
    const info = (name: string, help: string, version: (() => string | undefined) | undefined): void =>
      gauge(
        name,
        help,
        (set) => {
          const current = version?.();
          if (current) set(1, { version: current });
        },
        ['version'],
      );
    info('cirtmesh_policy_info', "The hub's policy in force, by version; always 1.", sources.policyVersion);
    info('cirtmesh_directory_info', 'The mesh directory this party holds, by version; always 1.', sources.directoryVersion);
  }
}

/** Defines a metric read at scrape time. */
type Define = (
  name: string,
  help: string,
  read: (record: (value: number, labels?: Record<string, string>) => void) => Promise<void> | void,
  labelNames?: string[],
) => void;
