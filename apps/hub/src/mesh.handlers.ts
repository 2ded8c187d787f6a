import { DIRECTORY_SECTION_CONTENT, KEY_ROTATION_CONTENT, laneOfSubject, MeshHeaders } from '@cirtmesh/contracts';
import {
  readHubMessage,
  RelayToOrigin,
  ReleaseDeferred,
  RotateMemberKey,
  RouteAlert,
  senderOf,
  SpreadDirectory,
  type ArrivedFrom,
  type HubView,
} from '@cirtmesh/hub-core';
import { MessageErrorsFilter, PermanentMessageError, type IncomingMessage } from '@cirtmesh/messaging';
import { MeshMetrics, traceDecisions } from '@cirtmesh/telemetry';
import { Controller, Inject, Optional, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HUB_VIEW } from './tokens';

export const HubPatterns = { ingest: 'ingest', downlink: 'downlink', release: 'release' } as const;

/**
 * Messages from members below (INGEST), from the hub above (its DELIVER stream), and embargoed
 * deliveries. Alerts go to RouteAlert; receipts and feedback to RelayToOrigin; a federation's
 * directory sections to SpreadDirectory.
 */
@Controller()
@UseFilters(MessageErrorsFilter)
export class MeshHandlers {
  constructor(
    @Inject(HUB_VIEW) private readonly hub: HubView,
    private readonly route: RouteAlert,
    private readonly relay: RelayToOrigin,
    private readonly deferred: ReleaseDeferred,
    private readonly metrics: MeshMetrics,
    @Optional() private readonly directory?: SpreadDirectory,
    @Optional() private readonly rotations?: RotateMemberKey,
  ) {}

  @EventPattern(HubPatterns.ingest)
  fromBelow(@Payload() message: IncomingMessage): Promise<void> {
    return this.dispatch(message, 'below');
  }

  @EventPattern(HubPatterns.downlink)
  fromAbove(@Payload() message: IncomingMessage): Promise<void> {
    return this.dispatch(message, 'above');
  }

  /** Deliveries held back by an embargo, released when it lifts. */
  @EventPattern(HubPatterns.release)
  release(@Payload() message: IncomingMessage): Promise<void> {
    return this.deferred.execute(message);
  }

  private async dispatch(message: IncomingMessage, from: ArrivedFrom): Promise<void> {
    const content = message.header(MeshHeaders.content);
    if (content === DIRECTORY_SECTION_CONTENT) return this.directorySection(message, from);
    if (content === KEY_ROTATION_CONTENT) return this.keyRotation(message, from);
    const { sender, event } = readHubMessage(this.hub, message, from);
    if (event.kind !== 'alert') return this.relay.execute(event, from, sender, message.header(MeshHeaders.traceparent));
    const decisions = await this.route.execute(event.event, message, from, sender);
    this.metrics.routed(event.event.data, laneOfSubject(message.subject), decisions, from === 'below' ? sender : undefined);
    traceDecisions(decisions);
  }

  private async directorySection(message: IncomingMessage, from: ArrivedFrom): Promise<void> {
    const sender = senderOf(this.hub, message, from);
    if (!this.directory) throw new PermanentMessageError('NOT_FEDERATED', `${sender} sent a directory section; this hub reads a mesh file`);
    await this.directory.execute(message, from, sender);
  }

  private async keyRotation(message: IncomingMessage, from: ArrivedFrom): Promise<void> {
    const sender = senderOf(this.hub, message, from);
    if (!this.rotations) throw new PermanentMessageError('NOT_FEDERATED', `${sender} sent a key rotation; this hub reads a keyring file`);
    await this.rotations.execute(message, from, sender);
  }
}
