import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { httpPlatformProviders, keyringProvider, RejectedController, throttlerModule } from '@cirtmesh/http';
import { Subjects } from '@cirtmesh/contracts';
import { KeyringHolder } from '@cirtmesh/crypto';
import { parseNodePolicy } from '@cirtmesh/trust';
import { readFileSync } from 'node:fs';
import { connectNats, RejectedLog } from '@cirtmesh/messaging';
import { AlertLog, ForwardUplink, LiveFeed, ReadNodeStatus, ReceiveDelivery, SendFeedback, SubmitAlert } from '@cirtmesh/node-core';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AlertsController } from './alerts.controller';
import { openArchive } from './archive.provider';
import { IndicatorsController } from './indicators.controller';
import type { NodeConfig } from './config';
import { HealthController } from './health.controller';
import { MeshHandlers } from './mesh.handlers';
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
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { restored, unreadable } = await this.log.init();
    await this.rejected.init();
    this.keyring.watch();
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
    this.keyring.close();
    this.live.complete();
    if (!this.nc.isClosed()) await this.nc.drain();
    await this.archive.close();
  }
}

@Module({})
export class NodeModule {
  static forRoot(config: NodeConfig): DynamicModule {
    return {
      module: NodeModule,
      imports: [throttlerModule(config.http.requestsPerMinute)],
      controllers: [
        StreamController,
        AlertsController,
        IndicatorsController,
        StatusController,
        RejectedController,
        HealthController,
        MeshHandlers,
      ],
      providers: [
        { provide: NODE_CONFIG, useValue: config },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connectNats({
              url: config.nats.url,
              creds: config.nats.creds,
              name: `cirtmesh-node-${config.nodeId}`,
              inboxPrefix: Subjects.inboxPrefix(config.nodeId),
            }),
        },
        { provide: RejectedLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new RejectedLog(nc, config.nodeId) },
        { provide: ALERT_ARCHIVE, useFactory: (): Promise<AlertArchive> => openArchive(config) },
        LiveFeed,
        {
          provide: AlertLog,
          inject: [NATS_CONNECTION, ALERT_ARCHIVE, LiveFeed, KeyringHolder],
          useFactory: (nc: NatsConnection, archive: AlertArchive, live: LiveFeed, keyring: KeyringHolder) =>
            new AlertLog(nc, config.nodeId, archive, live, config.signing.key, () => keyring.current),
        },
        {
          provide: SubmitAlert,
          inject: [AlertLog],
          useFactory: (log: AlertLog) => {
            const outbound = config.policyFile ? parseNodePolicy(readFileSync(config.policyFile, 'utf8'), config.policyFile) : undefined;
            if (outbound && outbound.node !== config.nodeId)
              throw new Error(`${config.policyFile}: node: the policy is for ${outbound.node}, not ${config.nodeId}`);
            return new SubmitAlert(log, config.nodeId, outbound);
          },
        },
        {
          provide: SendFeedback,
          inject: [AlertLog, ALERT_ARCHIVE],
          useFactory: (log: AlertLog, archive: AlertArchive) => new SendFeedback(log, archive, config.nodeId),
        },
        {
          provide: ForwardUplink,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => new ForwardUplink(nc, config.nodeId, config.region, config.hopLimit),
        },
        {
          provide: ReceiveDelivery,
          inject: [AlertLog, KeyringHolder],
          useFactory: (log: AlertLog, keyring: KeyringHolder) =>
            new ReceiveDelivery(log, config.nodeId, () => keyring.current, config.signing.maxAlertAgeMs),
        },
        {
          provide: ReadNodeStatus,
          inject: [NATS_CONNECTION, ALERT_ARCHIVE],
          useFactory: (nc: NatsConnection, archive: AlertArchive) => new ReadNodeStatus(nc, config.nodeId, config.region, archive),
        },
        keyringProvider(config.signing.keyringFile),
        NodeLifecycle,
        ...httpPlatformProviders({ tokens: config.tokens, requestsPerMinute: config.http.requestsPerMinute }),
      ],
    };
  }
}
