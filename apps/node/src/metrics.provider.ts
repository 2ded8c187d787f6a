import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { deliverConsumer, LANES, Streams } from '@cirtmesh/contracts';
import { consumerQueues, LinkWatch } from '@cirtmesh/messaging';
import { LiveFeed } from '@cirtmesh/node-core';
import { MeshMetrics } from '@cirtmesh/telemetry';
import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { NodeConfig } from './config';
import { NATS_CONNECTION } from './tokens';

/**
 * The node's metrics and the watch on its link to its hub. Queues are its own server's consumers
 * and its inbox at the hub; alerts it stores are counted as the live feed sees them.
 */
export function nodeMetricsProviders(config: NodeConfig): Provider[] {
  const { nodeId, region } = config;
  return [
    {
      provide: LinkWatch,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection) =>
        new LinkWatch(nc, { domain: region, stream: Streams.deliver, consumer: deliverConsumer(nodeId, 'bulk') }),
    },
    {
      provide: MeshMetrics,
      inject: [NATS_CONNECTION, ALERT_ARCHIVE, LiveFeed, LinkWatch],
      useFactory: (nc: NatsConnection, archive: AlertArchive, live: LiveFeed, link: LinkWatch) => {
        const inbox = LANES.map((lane) => ({ domain: region, stream: Streams.deliver, consumer: deliverConsumer(nodeId, lane) }));
        const metrics = new MeshMetrics(nodeId, {
          consumers: () => consumerQueues(nc, inbox),
          // Checked again at each scrape, so a link that just came up or went down shows at once.
          uplink: async () => (await link.check(), link.state),
          archive: async () => ({ store: archive.kind, alerts: await archive.count() }),
          streams: () => live.followers,
          directoryVersion: () => config.directory.version,
        });
        // What this node originates is counted as it is stored; received alerts in the inbox handler.
        live.records.subscribe((record) => {
          if (record.direction === 'sent')
            metrics.alert('submitted', record.alert.severity === 'critical' ? 'critical' : 'bulk', record.alert);
        });
        return metrics;
      },
    },
  ];
}
