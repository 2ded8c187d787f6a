import { laneOfSubject } from '@cirtmesh/contracts';
import { ForwardUplink, LatencyHistory, LiveFeed, ReceiveDelivery, ReportStored } from '@cirtmesh/node-core';
import { MessageErrorsFilter, type IncomingMessage } from '@cirtmesh/messaging';
import { MeshMetrics, traceEvent } from '@cirtmesh/telemetry';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

export const NodePatterns = { uplink: 'uplink', inbox: 'inbox', stored: 'stored' } as const;

/** Messages from JetStream: the node's own log (outbound, and what it stored), and what its hub delivers to it. */
@Controller()
@UseFilters(MessageErrorsFilter)
export class MeshHandlers {
  constructor(
    private readonly uplink: ForwardUplink,
    private readonly receive: ReceiveDelivery,
    private readonly metrics: MeshMetrics,
    private readonly latency: LatencyHistory,
    private readonly live: LiveFeed,
    private readonly stored: ReportStored,
  ) {}

  @EventPattern(NodePatterns.uplink)
  async forward(@Payload() message: IncomingMessage): Promise<void> {
    const { lane, alert } = await this.uplink.execute(message);
    if (alert) this.metrics.alert('forwarded', lane, alert);
  }

  /** Alerts this node received, reported back to their origins as stored. */
  @EventPattern(NodePatterns.stored)
  reportStored(@Payload() message: IncomingMessage): Promise<void> {
    return this.stored.execute(message);
  }

  @EventPattern(NodePatterns.inbox)
  async deliver(@Payload() message: IncomingMessage): Promise<void> {
    const stored = await this.receive.execute(message);
    if (!stored) return;
    const lane = laneOfSubject(message.subject);
    this.metrics.alert('received', lane, stored.alert);
    this.metrics.delivered(lane, stored.alert.createdAt, new Date(stored.storedAt));
    this.latency.record(stored.alert.createdAt, stored.storedAt);
    traceEvent('live-stream push', { 'cirtmesh.alert.id': stored.alert.id, 'cirtmesh.stream.clients': this.live.followers.clients });
  }
}
