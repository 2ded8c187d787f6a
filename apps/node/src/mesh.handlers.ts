import { ForwardUplink, ReceiveDelivery } from '@cirtmesh/node-core';
import { MessageErrorsFilter, type IncomingMessage } from '@cirtmesh/messaging';
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
  ) {}

  @EventPattern(NodePatterns.uplink)
  forward(@Payload() message: IncomingMessage): Promise<void> {
    return this.uplink.execute(message);
  }

  @EventPattern(NodePatterns.inbox)
  deliver(@Payload() message: IncomingMessage): Promise<void> {
    return this.receive.execute(message);
  }
}
