import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type NatsConnection,
  type StreamConfig,
} from 'nats';

const SECOND_NS = 1_000_000_000;
export const nanos = (ms: number): number => ms * 1_000_000;

/** Window within which JetStream drops a repeated Nats-Msg-Id. */
export const DEDUPE_WINDOW_MS = 60 * 60 * 1000;

export function workQueueStream(name: string, subjects: string[]): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects,
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DEDUPE_WINDOW_MS),
    num_replicas: 1,
  };
}

export function logStream(name: string, subjects: string[]): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DEDUPE_WINDOW_MS),
    num_replicas: 1,
  };
}

export function durablePullConsumer(name: string, filterSubject: string): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: name,
    filter_subject: filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: 10 * SECOND_NS,
    max_deliver: -1,
    max_ack_pending: 1_000,
  };
}

/** Creates the stream, or updates it to the given config when it exists. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
}

export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<void> {
  try {
    await jsm.consumers.info(stream, config.durable_name);
    await jsm.consumers.update(stream, config.durable_name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { err_code?: number }; message?: string };
  return e.code === '404' || e.api_error?.err_code === 10059 || e.api_error?.err_code === 10014 || /not found/i.test(e.message ?? '');
}

/** Which of these streams exist on the connection's server; all false when it cannot be asked in time. */
export async function streamsPresent(nc: NatsConnection, names: string[], timeoutMs = 1_000): Promise<Record<string, boolean>> {
  const present: Record<string, boolean> = Object.fromEntries(names.map((name) => [name, false]));
  try {
    const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
    for (const name of names)
      present[name] = await jsm.streams.info(name).then(
        () => true,
        () => false,
      );
  } catch {
    // not connected, or JetStream does not answer: nothing is present
  }
  return present;
}
