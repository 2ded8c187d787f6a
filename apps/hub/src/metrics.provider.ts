import { laneConsumer, LANES, Streams } from '@cirtmesh/contracts';
import { PolicyHolder, PublishHubState, type HubView } from '@cirtmesh/hub-core';
import { consumerQueues, LinkWatch } from '@cirtmesh/messaging';
import { MeshMetrics } from '@cirtmesh/telemetry';
import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { HUB_LINK, HUB_VIEW, NATS_CONNECTION } from './tokens';

/**
 * The hub's metrics: its own server's queues (its ingest, and each member's deliveries), its
 * downlink at the hub above, the policy and directory in force; the watch on its link to the
 * hub above (a regional hub's only: the global hub has none); and the state it tells its members.
 */
export function hubMetricsProviders(config: HubConfig): Provider[] {
  const { hubId, parent } = config;
  const downlink = (lane: (typeof LANES)[number]): string => laneConsumer(hubId, lane);
  return [
    {
      provide: HUB_LINK,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection): LinkWatch | null =>
        parent ? new LinkWatch(nc, { domain: parent, stream: Streams.deliver, consumer: downlink('bulk') }) : null,
    },
    {
      provide: PublishHubState,
      inject: [NATS_CONNECTION, HUB_VIEW, HUB_LINK],
      useFactory: (nc: NatsConnection, hub: HubView, link: LinkWatch | null) => new PublishHubState(nc, hub, link),
    },
    {
      provide: MeshMetrics,
      inject: [NATS_CONNECTION, PolicyHolder, HUB_LINK],
      useFactory: (nc: NatsConnection, policies: PolicyHolder, link: LinkWatch | null) => {
        const above = parent ? LANES.map((lane) => ({ domain: parent, stream: Streams.deliver, consumer: downlink(lane) })) : [];
        return new MeshMetrics(hubId, {
          consumers: () => consumerQueues(nc, above),
          uplink: async () => (link ? (await link.check(), link.state) : undefined),
          policyVersion: () => policies.current.version,
          directoryVersion: () => config.directory.version,
        });
      },
    },
  ];
}
