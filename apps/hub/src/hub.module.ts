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
import { DecisionLog, ensureHubStreams, PolicyHolder, PublishHubState, SpreadDirectory, type HubView } from '@cirtmesh/hub-core';
import { RejectedLog, type LinkWatch } from '@cirtmesh/messaging';
import { createLogger, LOG, type Log } from '@cirtmesh/logging';
import { Inject, Logger, Module, Optional, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { DecisionsController } from './decisions.controller';
import { HealthController } from './health.controller';
import { PolicyController } from './policy.controller';
import { federationProviders, OwnSection } from './hub.federation';
import { hubInfrastructure, hubUseCases } from './hub.providers';
import { MeshHandlers } from './mesh.handlers';
import { hubMetricsProviders } from './metrics.provider';
import { HUB_CONFIG, HUB_LINK, HUB_VIEW, NATS_CONNECTION } from './tokens';

class HubLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('hub');
  private ownSection?: OwnSection;

  constructor(
    private readonly decisions: DecisionLog,
    private readonly policies: PolicyHolder,
    private readonly rejected: RejectedLog,
    private readonly keyring: KeyringHolder,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(HUB_VIEW) private readonly hub: HubView,
    @Inject(LOG) private readonly log: Log,
    @Inject(HUB_LINK) private readonly link: LinkWatch | null,
    private readonly state: PublishHubState,
    @Optional() private readonly spread?: SpreadDirectory,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureHubStreams(this.nc, this.hub);
    await this.decisions.init();
    await this.rejected.init();
    this.policies.watch();
    this.link?.start();
    this.state.start();
    if (this.config.source.kind === 'mesh-file') this.keyring.watch(); // a federation's directory changes through SpreadDirectory
    if (this.spread && this.config.sectionFile) {
      this.ownSection = new OwnSection(this.config.sectionFile, this.spread, this.log);
      await this.ownSection.start();
    }
    const source = this.policies.file ?? 'the built-in open policy';
    this.logger.log(`${this.config.role} hub ${this.config.hubId} ready, policy ${this.policies.current.version} from ${source}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.ownSection?.stop();
    this.link?.stop();
    this.state.stop();
    this.policies.close();
    this.keyring.close();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

@Module({})
export class HubModule {
  static forRoot(config: HubConfig, tracing: Tracing): DynamicModule {
    const log = createLogger({ party: config.hubId, ...config.log });
    return {
      module: HubModule,
      imports: [loggingModule(log), throttlerModule(config.http.requestsPerMinute)],
      controllers: [DecisionsController, PolicyController, RejectedController, HealthController, MetricsController, MeshHandlers],
      providers: [
        { provide: LOG, useValue: log },
        ...hubInfrastructure(config),
        ...hubUseCases(config),
        ...federationProviders(config),
        ...hubMetricsProviders(config),
        HubLifecycle,
        ...tracingProviders(tracing),
        ...httpPlatformProviders({ tokens: config.tokens, requestsPerMinute: config.http.requestsPerMinute }),
      ],
    };
  }
}
