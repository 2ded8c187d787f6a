import { keyringSource } from '@cirtmesh/config';
import { Subjects } from '@cirtmesh/contracts';
import { KeyringHolder } from '@cirtmesh/crypto';
import { keyringProvider } from '@cirtmesh/http';
import {
  DecisionLog,
  HandOff,
  hubView,
  PolicyHolder,
  ReceiptRouter,
  RelayToOrigin,
  ReleaseDeferred,
  RouteAlert,
  type HubView,
} from '@cirtmesh/hub-core';
import { natsConnectionProvider, RejectedLog } from '@cirtmesh/messaging';
import { LOG, type Log } from '@cirtmesh/logging';
import { Logger, type Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HubConfig } from './config';
import { HUB_CONFIG, HUB_VIEW, NATS_CONNECTION } from './tokens';

type RouteAlertInjections = [HubView, PolicyHolder, DecisionLog, HandOff, ReceiptRouter, KeyringHolder, Log];

/** What the hub stands on: its config, its own nats-server, its logs, its policy and the keyring. */
export function hubInfrastructure(config: HubConfig): Provider[] {
  const { hubId, nats } = config;
  return [
    { provide: HUB_CONFIG, useValue: config },
    { provide: HUB_VIEW, useValue: hubView(config.directory, hubId) },
    natsConnectionProvider(NATS_CONNECTION, { kind: 'hub', id: hubId, ...nats, inboxPrefix: Subjects.inboxPrefix(hubId) }),
    { provide: RejectedLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new RejectedLog(nc, hubId) },
    { provide: DecisionLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new DecisionLog(nc, hubId) },
    {
      provide: PolicyHolder,
      useFactory: () => {
        const logger = new Logger('policy');
        return new PolicyHolder(hubId, config.directory, config.policyFile, (outcome) =>
          outcome.ok
            ? logger.log(`policy reloaded: now version ${outcome.version}`)
            : logger.error(`policy change refused, the previous version stays in force: ${outcome.error}`),
        );
      },
    },
    keyringProvider(keyringSource(config.source).file, keyringSource(config.source).load),
  ];
}

/** The hub's use cases: route alerts, hand them off, relay what goes back to origins, release embargoes. */
export function hubUseCases(config: HubConfig): Provider[] {
  const { directory } = config;
  return [
    {
      provide: ReceiptRouter,
      inject: [NATS_CONNECTION, HUB_VIEW],
      useFactory: (nc: NatsConnection, hub: HubView) => new ReceiptRouter(nc, hub, directory),
    },
    {
      provide: RelayToOrigin,
      inject: [HUB_VIEW, ReceiptRouter],
      useFactory: (hub: HubView, router: ReceiptRouter) => new RelayToOrigin(hub, directory, router),
    },
    {
      provide: HandOff,
      inject: [NATS_CONNECTION, HUB_VIEW, PolicyHolder],
      useFactory: (nc: NatsConnection, hub: HubView, policies: PolicyHolder) => new HandOff(nc, hub, policies, config.signing.key),
    },
    {
      provide: RouteAlert,
      inject: [HUB_VIEW, PolicyHolder, DecisionLog, HandOff, ReceiptRouter, KeyringHolder, LOG],
      useFactory: (...[hub, policies, decisions, handOff, receipts, keys, log]: RouteAlertInjections) =>
        new RouteAlert({
          ...{ hub, directory, policies, decisions, handOff, receipts, log },
          keyring: () => keys.current,
          maxAlertAgeMs: config.signing.maxAlertAgeMs,
        }),
    },
    {
      provide: ReleaseDeferred,
      inject: [NATS_CONNECTION, PolicyHolder, DecisionLog, ReceiptRouter],
      useFactory: (nc: NatsConnection, policies: PolicyHolder, decisions: DecisionLog, receipts: ReceiptRouter) =>
        new ReleaseDeferred(nc, config.hubId, decisions, receipts, () => policies.current.version),
    },
  ];
}
