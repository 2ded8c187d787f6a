import { connect, type NatsConnection } from 'nats';

export interface NatsConnectionOptions {
  url: string;
  /** Password of the `app` user on the party's own nats-server. */
  token: string;
  /** Connection name shown in the server's monitoring. */
  name: string;
  /** Reply subjects start with this, so a hub can route replies only to their owner. */
  inboxPrefix?: string;
}

/** Connects to the party's own nats-server and keeps reconnecting for as long as the process lives. */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url,
    user: 'app',
    pass: options.token,
    name: options.name,
    inboxPrefix: options.inboxPrefix,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
}
