import { Subjects } from '@cirtmesh/contracts';
import { httpPlatformProviders } from '@cirtmesh/http';
import { DecisionLog, RouteAlert } from '@cirtmesh/hub-core';
import { connectNats } from '@cirtmesh/messaging';
import { BaselineTrustPolicy } from '@cirtmesh/trust';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { DecisionsController } from './decisions.controller';
import { HealthController } from './health.controller';
import { MeshHandlers } from './mesh.handlers';
import { HUB_CONFIG, NATS_CONNECTION } from './tokens';

class HubLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('hub');
  constructor(
    private readonly route: RouteAlert,
    private readonly decisions: DecisionLog,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.route.init();
    await this.decisions.init();
    this.logger.log(`${this.config.role} hub ${this.config.hubId} ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

@Module({})
export class HubModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: HubModule,
      controllers: [DecisionsController, HealthController, MeshHandlers],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connectNats({
              url: config.nats.url,
              token: config.nats.token,
              name: `cirtmesh-hub-${config.hubId}`,
              inboxPrefix: Subjects.inboxPrefix(config.hubId),
            }),
        },
        { provide: DecisionLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new DecisionLog(nc, config.hubId) },
        {
          provide: RouteAlert,
          inject: [NATS_CONNECTION, DecisionLog],
          useFactory: (nc: NatsConnection, decisions: DecisionLog) =>
            new RouteAlert(nc, config.hubId, config.directory, new BaselineTrustPolicy(), decisions),
        },
        HubLifecycle,
        ...httpPlatformProviders(config.apiToken),
      ],
    };
  }
}
