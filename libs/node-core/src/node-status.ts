import type { AlertArchive } from '@cirtmesh/archive';
import { deliverConsumer, laneConsumer, Streams, UPLINK_CONSUMER, type Lane, type NodeStatus, type QueueStatus } from '@cirtmesh/contracts';
import type { NatsConnection } from 'nats';
import type { HubStateWatch } from './hub-state-watch';
import { LatencyHistory } from './latency-history';

const TIMEOUT_MS = 1_500;

interface ConsumerCounts {
  num_pending: number;
  num_ack_pending: number;
  num_redelivered: number;
}

function queue(info: ConsumerCounts): QueueStatus {
  return { pending: info.num_pending, inFlight: info.num_ack_pending, redelivered: info.num_redelivered };
}

/**
 * What an operator asks first: is this node connected, is anything stuck, and how far behind is it?
 * Read from the broker on every call; nothing here is cached or guessed.
 */
export class ReadNodeStatus {
  private readonly startedAt = new Date();

  constructor(
    private readonly nc: NatsConnection,
    private readonly nodeId: string,
    private readonly region: string,
    private readonly archive: AlertArchive,
    private readonly latency: LatencyHistory = new LatencyHistory(),
    private readonly hubState?: HubStateWatch,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(): Promise<NodeStatus> {
    const connected = !this.nc.isClosed() && this.nc.info !== undefined;
    const [log, outbound, inbound, alerts, criticalOut, criticalIn] = await Promise.all([
      this.log(),
      this.outbound('bulk'),
      this.inbound('bulk'),
      this.archive.count(),
      this.outbound('critical'),
      this.inbound('critical'),
    ]);
    const status = !connected || !log ? 'unavailable' : inbound.queue ? 'ok' : 'degraded';
    return {
      node: this.nodeId,
      region: this.region,
      status,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((this.clock().getTime() - this.startedAt.getTime()) / 1000),
      nats: { connected, server: connected ? (this.nc.info?.server_name ?? null) : null },
      log,
      archive: { alerts, store: this.archive.kind },
      link: { hub: this.region, up: inbound.queue !== null, ...(inbound.error ? { error: inbound.error } : {}) },
      outbound,
      inbound: inbound.queue,
      critical: { outbound: criticalOut, inbound: criticalIn.queue },
      latency: { windowMinutes: this.latency.windowMinutes, points: this.latency.points(this.clock()) },
      mesh: this.hubState?.state ?? { hub: null },
    };
  }

  private async log(): Promise<NodeStatus['log']> {
    try {
      const jsm = await this.nc.jetstreamManager({ timeout: TIMEOUT_MS });
      const { state } = await jsm.streams.info(Streams.alerts);
      return { messages: state.messages, firstSeq: state.first_seq, lastSeq: state.last_seq, bytes: state.bytes };
    } catch {
      return null;
    }
  }

  private async outbound(lane: Lane): Promise<QueueStatus | null> {
    try {
      const jsm = await this.nc.jetstreamManager({ timeout: TIMEOUT_MS });
      return queue(await jsm.consumers.info(Streams.alerts, laneConsumer(UPLINK_CONSUMER, lane)));
    } catch {
      return null;
    }
  }

  private async inbound(lane: Lane): Promise<{ queue: QueueStatus | null; error?: string }> {
    try {
      const js = this.nc.jetstream({ domain: this.region, timeout: TIMEOUT_MS });
      const consumer = await js.consumers.get(Streams.deliver, deliverConsumer(this.nodeId, lane));
      return { queue: queue(await consumer.info(true)) };
    } catch (error) {
      return { queue: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
