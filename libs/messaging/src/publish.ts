import { headers as natsHeaders, type JetStreamClient, type PubAck } from 'nats';

export interface PublishOptions {
  msgId: string;
  headers?: Record<string, string | undefined>;
  timeoutMs?: number;
  expectStream?: string;
}

/** Publishes to JetStream and resolves once the stream has stored the message (or deduped it). */
export async function publishDurable(js: JetStreamClient, subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) h.set(key, value);
  }
  return js.publish(subject, data, {
    msgID: options.msgId,
    headers: h,
    timeout: options.timeoutMs ?? 5_000,
    expect: options.expectStream ? { streamName: options.expectStream } : undefined,
  });
}
