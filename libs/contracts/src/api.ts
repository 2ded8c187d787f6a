import type { Direction, StoredAlert } from './alert';
import type { Category, IndicatorType, Severity, Tlp } from './vocabulary';

/** Shapes the node's HTTP API takes and answers with, shared by the node, its clients and the console. */

/** Filters of `GET /api/v1/alerts` and of the live stream. */
export interface AlertFilter {
  direction?: Direction;
  origin?: string;
  category?: Category;
  /** Minimum severity. */
  severity?: Severity;
  tlp?: Tlp;
  /** The widest TLP shown: a token's ceiling. */
  maxTlp?: Tlp;
  /** Alerts created at or after this instant (ISO 8601). */
  since?: string;
  /** Full text: every word must appear, as a whole word, in the title or the description (any case, accents folded). */
  q?: string;
}

/**
 * How an indicator search hit matched: exact, the value itself; domain, a URL's host or an
 * email's domain; subdomain, under the domain asked for; cidr, a block holding the address.
 */
export type MatchKind = 'exact' | 'domain' | 'subdomain' | 'cidr';

export interface IndicatorMatch {
  type: IndicatorType;
  value: string;
  match: MatchKind;
}

/** `GET /api/v1/indicators/search`: one alert that holds the value. */
export interface IndicatorHit {
  alertId: string;
  origin: string;
  direction: Direction;
  /** When the origin raised the alert. */
  createdAt: string;
  /** When this node stored it. */
  storedAt: string;
  /** Which of the alert's indicators matched, and how. */
  matched: IndicatorMatch[];
  alert: StoredAlert;
}

export interface IndicatorSearchResult {
  /** The value as searched: trimmed, and lower-cased or normalised as indicators are. */
  value: string;
  items: IndicatorHit[];
  next: string | null;
}

/** One direction of the node's link to its regional hub, as the consumer that carries it reports. */
export interface QueueStatus {
  /** Messages not yet handed over: alerts and feedback waiting to go up, or deliveries waiting to come down. */
  pending: number;
  /** Handed over, waiting for an acknowledgement. */
  inFlight: number;
  /** Messages delivered more than once so far (a sign of a struggling link or handler). */
  redelivered: number;
}

/** `GET /api/v1/status`: links, lags and health, read live from the broker. */
export interface NodeStatus {
  node: string;
  region: string;
  status: 'ok' | 'degraded' | 'unavailable';
  startedAt: string;
  uptimeSeconds: number;
  nats: { connected: boolean; server: string | null };
  log: { messages: number; firstSeq: number; lastSeq: number; bytes: number } | null;
  archive: { alerts: number; store: string };
  /** The leaf link to the regional hub: up when the hub's JetStream answers through it. */
  link: { hub: string; up: boolean; error?: string };
  /** This node's uplink consumer on its own stream: what waits to go to the hub. */
  outbound: QueueStatus | null;
  /** This node's consumer on its hub's DELIVER stream: what waits to come down. Null while the link is down. */
  inbound: QueueStatus | null;
  /** The same two queues in the critical lane (`outbound` and `inbound` above are the bulk lane). */
  critical: { outbound: QueueStatus | null; inbound: QueueStatus | null };
  /** Delivery latency of what this node received (creation at the origin to store here), per minute of the last hour. */
  latency: { windowMinutes: number; points: LatencyPoint[] };
  /**
   * The mesh beyond the link, as far as this node can know it: its hub's own state, as the hub last
   * published it to its members (with the hub above's, as that one published it); null until heard.
   */
  mesh: { hub: (HubState & { receivedAt: string }) | null };
}

/**
 * What a hub tells its members about itself every few seconds (core NATS, `mesh.state.<hub>`): its
 * link to the hub above and what waits in it to be decided, with the hub above's own state.
 */
export interface HubState {
  hub: string;
  /** The hub above; null for the top of the mesh. */
  parent: string | null;
  /** The link to the hub above, as this hub sees it; null for the top. */
  link: { up: boolean; changedAt: string } | null;
  /** What waits in this hub's ingest stream to be decided, both lanes together. Null when its server did not answer. */
  backlog: { pending: number; inFlight: number } | null;
  /** The hub above's state as it last published it (without its own `above`). */
  above?: Omit<HubState, 'above'> | null;
  /** When this hub published it. */
  at: string;
}

/** One minute of deliveries to a node; minutes with none are left out. */
export interface LatencyPoint {
  /** The minute's start, ISO 8601. */
  minute: string;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** `GET /api/v1/alerts/:id/route`: where a sent alert went, as its origin knows it from receipts and stored notices. */
export interface AlertRoute {
  alertId: string;
  origin: string;
  createdAt: string;
  /** The route as a tree in walking order: the origin, then each hub, each followed by what it handed on. */
  hops: RouteHop[];
  /** The hop that took longest, when any hop's time is known. */
  slowest: { party: string; hopMs: number } | null;
}

/** One party on an alert's route, and how long the step to it took. */
export interface RouteHop {
  party: string;
  role: 'origin' | 'hub' | 'recipient';
  /** The party it came from (the origin or a hub); absent for the origin. */
  from?: string;
  /** How deep in the route: 0 for the origin. */
  depth: number;
  /** What the hub before decided for this party; absent for the origin. */
  outcome?: 'delivered' | 'refused' | 'deferred';
  reasons?: { code: string; text: string }[];
  lane?: 'bulk' | 'critical';
  /** When the hub before decided for this party. */
  decidedAt?: string;
  /** When this party was done with it: stored it (origin, recipient) or decided on it (hub). Absent while unknown. */
  at?: string;
  /** `at` less the alert's creation. */
  sinceCreationMs?: number;
  /** `at` less the `at` of the party it came from (for the origin, less the creation). */
  hopMs?: number;
  /** The slowest hop of the route. */
  slowest?: true;
}
