import { laneOfSubject } from '@cirtmesh/contracts';
import { ForwardUplink, ReceiveDelivery } from '@cirtmesh/node-core';
import { MessageErrorsFilter, type IncomingMessage } from '@cirtmesh/messaging';
import { MeshMetrics } from '@cirtmesh/telemetry';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

export const NodePatterns = { uplink: 'uplink', inbox: 'inbox' } as const;

/** Messages from JetStream: the node's own outbound log, and what its hub delivers to it. */
@Controller()
@UseFilters(MessageErrorsFilter)
export class MeshHandlers {
  constructor(
    private readonly uplink: ForwardUplink,
    private readonly receive: ReceiveDelivery,
    private readonly metrics: MeshMetrics,
  ) {}

  @EventPattern(NodePatterns.uplink)
  async forward(@Payload() message: IncomingMessage): Promise<void> {
    const { lane, alert } = await this.uplink.execute(message);
    if (alert) this.metrics.alert('forwarded', lane, alert);
  }

  @EventPattern(NodePatterns.inbox)
  async deliver(@Payload() message: IncomingMessage): Promise<void> {
    const stored = await this.receive.execute(message);
    if (!stored) return;
    const lane = laneOfSubject(message.subject);
    this.metrics.alert('received', lane, stored.alert);
    this.metrics.delivered(lane, stored.alert.createdAt, new Date(stored.storedAt));
  }
}
