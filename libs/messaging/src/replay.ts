import type { JsMsg, NatsConnection } from 'nats';

export interface ReplayedStream {
  /** The last sequence the stream no longer holds (its limits or retention dropped it): 0 if none. */
  floor: number;
  /** The stream's last sequence when the replay began; later messages are not replayed. */
  last: number;
}

/**
 * Reads a stream from its first message to the last one it held when called, in order, and
 * hands each to `apply` (awaited). How a party rebuilds its in-memory views from its own logs at start.
 */
export async function replayStream(
  nc: NatsConnection,
  stream: string,
  apply: (msg: JsMsg) => void | Promise<void>,
  batch = 512,
): Promise<ReplayedStream> {
  const info = await (await nc.jetstreamManager()).streams.info(stream);
  const last = info.state.last_seq;
  if (info.state.messages === 0) return { floor: last, last };
  const consumer = await nc.jetstream().consumers.get(stream, { opt_start_seq: info.state.first_seq });
  const messages = await consumer.consume({ max_messages: batch });
  try {
    for await (const msg of messages) {
      await apply(msg);
      if (msg.seq >= last) break;
    }
  } finally {
    await messages.close();
  }
  return { floor: info.state.first_seq - 1, last };
}
