import { Subjects } from '@cirtmesh/contracts';
import { KeyringHolder } from '@cirtmesh/crypto';
import { httpPlatformProviders, keyringProvider, RejectedController, throttlerModule } from '@cirtmesh/http';
import {
  DecisionLog,
  ensureHubStreams,
  HandOff,
  hubView,
  PolicyHolder,
  ReceiptRouter,
  RelayToOrigin,
  ReleaseDeferred,
  RouteAlert,
  type HubView,
} from '@cirtmesh/hub-core';
import { connectNats, RejectedLog } from '@cirtmesh/messaging';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { DecisionsController } from './decisions.controller';
import { HealthController } from './health.controller';
import { PolicyController } from './policy.controller';
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
    return {
      module: HubModule,
      imports: [throttlerModule(config.http.requestsPerMinute)],
      controllers: [DecisionsController, PolicyController, RejectedController, HealthController, MeshHandlers],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connectNats({
              url: config.nats.url,
              creds: config.nats.creds,
              name: `cirtmesh-hub-${config.hubId}`,
              inboxPrefix: Subjects.inboxPrefix(config.hubId),
            }),
        },
        { provide: RejectedLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new RejectedLog(nc, config.hubId) },
        { provide: DecisionLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new DecisionLog(nc, config.hubId) },
        {
          provide: PolicyHolder,
          useFactory: () => {
            const logger = new Logger('policy');
            return new PolicyHolder(config.hubId, config.directory, config.policyFile, (outcome) =>
              outcome.ok
                ? logger.log(`policy reloaded: now version ${outcome.version}`)
                : logger.error(`policy change refused, the previous version stays in force: ${outcome.error}`),
            );
          },
        },
        keyringProvider(config.signing.keyringFile),
        { provide: HUB_VIEW, useValue: hubView(config.directory, config.hubId) },
        {
          provide: ReceiptRouter,
          inject: [NATS_CONNECTION, HUB_VIEW],
          useFactory: (nc: NatsConnection, hub: HubView) => new ReceiptRouter(nc, hub, config.directory),
        },
        {
          provide: RelayToOrigin,
          inject: [HUB_VIEW, ReceiptRouter],
          useFactory: (hub: HubView, router: ReceiptRouter) => new RelayToOrigin(hub, config.directory, router),
        },
        {
          provide: HandOff,
          inject: [NATS_CONNECTION, HUB_VIEW, PolicyHolder],
          useFactory: (nc: NatsConnection, hub: HubView, policies: PolicyHolder) => new HandOff(nc, hub, policies, config.signing.key),
        },
        {
          provide: RouteAlert,
          inject: [HUB_VIEW, PolicyHolder, DecisionLog, HandOff, ReceiptRouter, KeyringHolder],
          useFactory: (
            hub: HubView,
            policies: PolicyHolder,
            decisions: DecisionLog,
            handOff: HandOff,
            receipts: ReceiptRouter,
            keyring: KeyringHolder,
          ) =>
            new RouteAlert({
              hub,
              directory: config.directory,
              policies,
              decisions,
              handOff,
              receipts,
              keyring: () => keyring.current,
              maxAlertAgeMs: config.signing.maxAlertAgeMs,
            }),
        },
        {
          provide: ReleaseDeferred,
          inject: [NATS_CONNECTION, PolicyHolder, DecisionLog, ReceiptRouter],
          useFactory: (nc: NatsConnection, policies: PolicyHolder, decisions: DecisionLog, receipts: ReceiptRouter) =>
            new ReleaseDeferred(nc, config.hubId, decisions, receipts, () => policies.current.version),
        },
        HubLifecycle,
        ...httpPlatformProviders({ tokens: config.tokens, requestsPerMinute: config.http.requestsPerMinute }),
      ],
    };
  }
}
