import { connect, credsAuthenticator, type NatsConnection } from 'nats';

export interface NatsConnectionOptions {
  url: string;
  /** Contents of the party's creds file: its `app` user's JWT and nkey seed. */
  creds: Uint8Array;
  /** Connection name shown in the server's monitoring. */
  name: string;
  /** Reply subjects start with this, so a hub can route replies only to their owner. */
  inboxPrefix?: string;
}

/** Connects to the party's own nats-server and keeps reconnecting for as long as the process lives. */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url,
    authenticator: credsAuthenticator(options.creds),
    name: options.name,
    inboxPrefix: options.inboxPrefix,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    // Otherwise every request and publish makes an Error (with its stack) only for better async
    // traces: measurable CPU on every message.
    noAsyncTraces: true,
  });
}

/** The party app's own connection as a Nest provider: `cirtmesh-<kind>-<party>`, replies under the party's inbox prefix. */
export function natsConnectionProvider(
  token: symbol,
  party: { kind: 'node' | 'hub'; id: string; url: string; creds: Uint8Array; inboxPrefix: string },
): { provide: symbol; useFactory: () => Promise<NatsConnection> } {
  return {
    provide: token,
    useFactory: () =>
      connectNats({ url: party.url, creds: party.creds, name: `cirtmesh-${party.kind}-${party.id}`, inboxPrefix: party.inboxPrefix }),
  };
}
