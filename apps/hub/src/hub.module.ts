import { KeyringHolder } from '@cirtmesh/crypto';
import { httpPlatformProviders, loggingModule, RejectedController, throttlerModule } from '@cirtmesh/http';
import { DecisionLog, ensureHubStreams, PolicyHolder, type HubView } from '@cirtmesh/hub-core';
import { RejectedLog } from '@cirtmesh/messaging';
import { createLogger, LOG } from '@cirtmesh/logging';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { DecisionsController } from './decisions.controller';
import { HealthController } from './health.controller';
import { PolicyController } from './policy.controller';
import { hubInfrastructure, hubUseCases } from './hub.providers';
import { MeshHandlers } from './mesh.handlers';
import { HUB_CONFIG, HUB_VIEW, NATS_CONNECTION } from './tokens';

class HubLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('hub');
  constructor(
    private readonly decisions: DecisionLog,
    private readonly policies: PolicyHolder,
    private readonly rejected: RejectedLog,
    private readonly keyring: KeyringHolder,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(HUB_VIEW) private readonly hub: HubView,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureHubStreams(this.nc, this.hub);
    await this.decisions.init();
    await this.rejected.init();
    this.policies.watch();
    this.keyring.watch();
    const source = this.policies.file ?? 'the built-in open policy';
    this.logger.log(`${this.config.role} hub ${this.config.hubId} ready, policy ${this.policies.current.version} from ${source}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.policies.close();
    this.keyring.close();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

@Module({})
export class HubModule {
  static forRoot(config: HubConfig): DynamicModule {
    const log = createLogger({ party: config.hubId, ...config.log });
    return {
      module: HubModule,
      imports: [loggingModule(log), throttlerModule(config.http.requestsPerMinute)],
      controllers: [DecisionsController, PolicyController, RejectedController, HealthController, MeshHandlers],
      providers: [
        { provide: LOG, useValue: log },
        ...hubInfrastructure(config),
        ...hubUseCases(config),
        HubLifecycle,
        ...httpPlatformProviders({ tokens: config.tokens, requestsPerMinute: config.http.requestsPerMinute }),
      ],
    };
  }
}
