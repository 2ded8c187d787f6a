import type { ConsumerInfo, NatsConnection } from 'nats';

/** One durable consumer's queue, as the broker counts it. */
export interface ConsumerQueue {
  /** `STREAM/consumer` on the party's own server; `domain:STREAM/consumer` on another party's. */
  consumer: string;
  pending: number;
  ackPending: number;
  redelivered: number;
}

/** A consumer on another party's server, reached through its JetStream domain (a node's inbox at its hub). */
export interface RemoteConsumer {
  domain: string;
  stream: string;
  consumer: string;
}

const queueOf = (info: ConsumerInfo): ConsumerQueue => ({
  consumer: `${info.stream_name}/${info.name}`,
  pending: info.num_pending,
  ackPending: info.num_ack_pending,
  redelivered: info.num_redelivered,
});

/**
 * The queues of every durable consumer on the party's own server, and of the named consumers it
 * reads on another party's. A remote consumer that cannot be reached (its link is down) is left
 * out; the party's own server not answering is an error.
 */
export async function consumerQueues(nc: NatsConnection, remote: RemoteConsumer[] = [], timeoutMs = 1_500): Promise<ConsumerQueue[]> {
  const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
  const queues: ConsumerQueue[] = [];
  for await (const stream of jsm.streams.names()) {
    for await (const info of jsm.consumers.list(stream)) queues.push(queueOf(info));
  }
  const far = await Promise.all(
    remote.map(async ({ domain, stream, consumer }) => {
      try {
        const js = nc.jetstream({ domain, timeout: timeoutMs });
        const queue = queueOf(await (await js.consumers.get(stream, consumer)).info(true));
        return { ...queue, consumer: `${domain}:${queue.consumer}` };
      } catch {
        return undefined;
      }
    }),
  );
  return [...queues, ...far.filter((q): q is ConsumerQueue => q !== undefined)];
}
