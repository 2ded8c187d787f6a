import { RouteAlert } from '@cirtmesh/hub-core';
import { MessageErrorsFilter, type IncomingMessage } from '@cirtmesh/messaging';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

export const HubPatterns = { ingest: 'ingest', downlink: 'downlink' } as const;

/** Alerts from members below (INGEST) and from the hub above (its DELIVER stream). */
@Controller()
@UseFilters(MessageErrorsFilter)
export class MeshHandlers {
  constructor(private readonly route: RouteAlert) {}

  @EventPattern(HubPatterns.ingest)
  async fromBelow(@Payload() message: IncomingMessage): Promise<void> {
    await this.route.execute(message, 'below');
  }

  @EventPattern(HubPatterns.downlink)
  async fromAbove(@Payload() message: IncomingMessage): Promise<void> {
    await this.route.execute(message, 'above');
  }
}
