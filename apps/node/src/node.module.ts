import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { KeyringHolder } from '@cirtmesh/crypto';
import {
  httpPlatformProviders,
  loggingModule,
  MetricsController,
  RejectedController,
  throttlerModule,
  tracingProviders,
} from '@cirtmesh/http';
import type { Tracing } from '@cirtmesh/telemetry';
import { LinkWatch, RejectedLog } from '@cirtmesh/messaging';
import { AlertLog, HubStateWatch, LiveFeed } from '@cirtmesh/node-core';
import { createLogger, LOG } from '@cirtmesh/logging';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AlertsController } from './alerts.controller';
import { IndicatorsController } from './indicators.controller';
import type { NodeConfig } from './config';
import { HealthController } from './health.controller';
import { MeshHandlers } from './mesh.handlers';
import { nodeMetricsProviders } from './metrics.provider';
import { nodeInfrastructure, nodeUseCases } from './node.providers';
import { FeedsController } from './feeds.controller';
import { ImportController } from './import.controller';
import { interopProviders, NodeInterop } from './interop.providers';
import { SpamController } from './spam.controller';
import { TaxiiController } from './taxii/taxii.controller';
import { StatusController } from './status.controller';
import { StreamController } from './stream.controller';
import { NATS_CONNECTION, NODE_CONFIG } from './tokens';

/** Records past their retention are invisible at once; this is how often they are deleted. */
const PURGE_EVERY_MS = 60_000;

class NodeLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('node');
  private purge?: NodeJS.Timeout;
  constructor(
    private readonly log: AlertLog,
    @Inject(ALERT_ARCHIVE) private readonly archive: AlertArchive,
    private readonly live: LiveFeed,
    private readonly rejected: RejectedLog,
    private readonly keyring: KeyringHolder,
    private readonly interop: NodeInterop,
    private readonly link: LinkWatch,
    private readonly hubState: HubStateWatch,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { restored, unreadable } = await this.log.init();
    await this.rejected.init();
    await this.interop.start();
    this.link.start();
    this.hubState.start();
    if (this.config.source.kind === 'mesh-file') this.keyring.watch(); // a federation's directory changes over the mesh
    this.purge = setInterval(() => {
      this.archive.purgeExpired().catch((error: unknown) => this.logger.warn(`archive purge failed: ${String(error)}`));
    }, PURGE_EVERY_MS).unref();
    this.logger.log(
      `node ${this.config.nodeId} (region ${this.config.region}) restored ${restored} alerts from its stream into its ${this.archive.kind} archive`,
    );
    if (unreadable.length > 0)
      this.logger.warn(`${unreadable.length} records could not be read back, at stream sequences ${unreadable.slice(0, 20).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purge);
    this.link.stop();
    this.hubState.stop();
    await this.interop.stop();
    this.keyring.close();
    this.live.complete();
    if (!this.nc.isClosed()) await this.nc.drain();
    await this.archive.close();
  }
}

@Module({})
export class NodeModule {
  static forRoot(config: NodeConfig, tracing: Tracing): DynamicModule {
    const log = createLogger({ party: config.nodeId, ...config.log });
    return {
      module: NodeModule,
      imports: [loggingModule(log), throttlerModule(config.http.requestsPerMinute)],
      controllers: [
        StreamController,
        AlertsController,
        IndicatorsController,
        StatusController,
        RejectedController,
        HealthController,
        ImportController,
        SpamController,
        FeedsController,
        TaxiiController,
        MetricsController,
        MeshHandlers,
      ],
      providers: [
        { provide: LOG, useValue: log },
        ...nodeInfrastructure(config),
        ...nodeUseCases(config),
        ...interopProviders(config),
        ...nodeMetricsProviders(config),
        NodeLifecycle,
        ...tracingProviders(tracing),
        ...httpPlatformProviders({ tokens: config.tokens, requestsPerMinute: config.http.requestsPerMinute }),
      ],
    };
  }
}
