import { keyringSource, writeDirectoryFile } from '@cirtmesh/config';
import { HeldDirectory, type DirectoryDocument } from '@cirtmesh/federation';
import { ALERT_ARCHIVE, type AlertArchive } from '@cirtmesh/archive';
import { Subjects } from '@cirtmesh/contracts';
import { KeyringHolder } from '@cirtmesh/crypto';
import { keyringProvider } from '@cirtmesh/http';
import { natsConnectionProvider, RejectedLog } from '@cirtmesh/messaging';
import {
  AlertLog,
  ForwardUplink,
  HubStateWatch,
  ReportStored,
  LatencyHistory,
  LiveFeed,
  ReadNodeStatus,
  ReceiveDelivery,
  SendFeedback,
  SubmitAlert,
} from '@cirtmesh/node-core';
import { LOG, type Log } from '@cirtmesh/logging';
import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { openArchive } from './archive.provider';
import type { NodeConfig } from './config';
import { NATS_CONNECTION, NODE_CONFIG } from './tokens';

/** What the node stands on: its config, its own nats-server, its log of record, its archive and the keyring. */
export function nodeInfrastructure(config: NodeConfig): Provider[] {
  const { nodeId, nats } = config;
  return [
    { provide: NODE_CONFIG, useValue: config },
    natsConnectionProvider(NATS_CONNECTION, { kind: 'node', id: nodeId, ...nats, inboxPrefix: Subjects.inboxPrefix(nodeId) }),
    { provide: RejectedLog, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new RejectedLog(nc, nodeId) },
    { provide: ALERT_ARCHIVE, useFactory: (): Promise<AlertArchive> => openArchive(config) },
    LiveFeed,
    { provide: LatencyHistory, useValue: new LatencyHistory() },
    {
      provide: AlertLog,
      inject: [NATS_CONNECTION, ALERT_ARCHIVE, LiveFeed, KeyringHolder],
      useFactory: (nc: NatsConnection, archive: AlertArchive, live: LiveFeed, keyring: KeyringHolder) =>
        new AlertLog(nc, nodeId, archive, live, config.signing.key, () => keyring.current),
    },
    keyringProvider(keyringSource(config.source).file, keyringSource(config.source).load),
  ];
}

/** In a federation: the directory the node holds, kept in its directory file and in force at once. */
function heldDirectory(config: NodeConfig, keyring: KeyringHolder): HeldDirectory | undefined {
  const source = config.source;
  if (!config.federation || source.kind !== 'federation') return undefined;
  const persist = (document: DirectoryDocument): void => {
    writeDirectoryFile(source.directoryFile, document);
    keyring.reload();
  };
  return new HeldDirectory(config.federation, config.directory, persist, source.hopLimit);
}

/** The node's use cases: submit, forward up, receive, feedback, status. */
export function nodeUseCases(config: NodeConfig): Provider[] {
  const { nodeId } = config;
  return [
    {
      provide: SubmitAlert,
      inject: [AlertLog, LOG],
      useFactory: (alerts: AlertLog, log: Log) => new SubmitAlert(alerts, nodeId, config.outbound, log),
    },
    {
      provide: SendFeedback,
      inject: [AlertLog, ALERT_ARCHIVE],
      useFactory: (log: AlertLog, archive: AlertArchive) => new SendFeedback(log, archive, nodeId),
    },
    {
      provide: ForwardUplink,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection) => new ForwardUplink(nc, nodeId, config.region, config.hopLimit),
    },
    {
      provide: ReportStored,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection) => new ReportStored(nc, nodeId, config.region),
    },
    {
      provide: ReceiveDelivery,
      inject: [AlertLog, KeyringHolder],
      useFactory: (log: AlertLog, keyring: KeyringHolder) =>
        new ReceiveDelivery(log, nodeId, () => keyring.current, config.signing.maxAlertAgeMs, undefined, heldDirectory(config, keyring)),
    },
    {
      provide: HubStateWatch,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection) => new HubStateWatch(nc, config.region),
    },
    {
      provide: ReadNodeStatus,
      inject: [NATS_CONNECTION, ALERT_ARCHIVE, LatencyHistory, HubStateWatch],
      useFactory: (nc: NatsConnection, archive: AlertArchive, latency: LatencyHistory, hubState: HubStateWatch) =>
        new ReadNodeStatus(nc, nodeId, config.region, archive, latency, hubState),
    },
  ];
}
