import { ReleaseDeferred, RouteAlert } from '@cirtmesh/hub-core';
import { MessageErrorsFilter, type IncomingMessage } from '@cirtmesh/messaging';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

export const HubPatterns = { ingest: 'ingest', downlink: 'downlink', release: 'release' } as const;

/** Alerts from members below (INGEST), from the hub above (its DELIVER stream), and embargoed deliveries. */
@Controller()
@UseFilters(MessageErrorsFilter)
export class MeshHandlers {
  constructor(
    private readonly route: RouteAlert,
    private readonly deferred: ReleaseDeferred,
  ) {}

  @EventPattern(HubPatterns.ingest)
  async fromBelow(@Payload() message: IncomingMessage): Promise<void> {
    await this.route.execute(message, 'below');
  }

  /** Deliveries held back by an embargo, released when it lifts. */
  @EventPattern(HubPatterns.release)
  release(@Payload() message: IncomingMessage): Promise<void> {
    return this.deferred.execute(message);
  }

  @EventPattern(HubPatterns.downlink)
  async fromAbove(@Payload() message: IncomingMessage): Promise<void> {
    await this.route.execute(message, 'above');
  }
}
