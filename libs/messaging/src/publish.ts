import { MeshHeaders } from '@cirtmesh/contracts';
import { headers as natsHeaders, type JetStreamClient, type NatsConnection, type PubAck } from 'nats';
import { messageTracing } from './message-tracing';

export interface PublishOptions {
  msgId: string;
  headers?: Record<string, string | undefined>;
  timeoutMs?: number;
  expectStream?: string;
  /**
   * False for a record a party keeps of its own work (its decisions, what it stored, receipts for
   * it): no span of its own, since its trace goes on no further than the work that wrote it. The
   * publishes that carry an alert or its feedback onwards are traced (the default).
   */
  traced?: boolean;
}

const clients = new WeakMap<NatsConnection, JetStreamClient>();

/** The connection's JetStream client, made once: making one per message is measurable work. */
export function jetstreamOf(nc: NatsConnection): JetStreamClient {
  let js = clients.get(nc);
  if (!js) {
    js = nc.jetstream();
    clients.set(nc, js);
  }
  return js;
}

/**
 * Publishes to JetStream and resolves once the stream has stored the message (or deduped it).
 * Traced, the publish is a producer span and the message carries its trace context.
 */
export function publishDurable(nc: NatsConnection, subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
  const tracing = messageTracing();
  if (!tracing || options.traced === false) return publish(nc, subject, data, options);
  const traceparent = options.headers?.[MeshHeaders.traceparent];
  return tracing.send({ subject, traceparent }, (sent) =>
    publish(nc, subject, data, { ...options, headers: { ...options.headers, [MeshHeaders.traceparent]: sent ?? traceparent } }),
  );
}

function publish(nc: NatsConnection, subject: string, data: Uint8Array, options: PublishOptions): Promise<PubAck> {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) h.set(key, value);
  }
  return jetstreamOf(nc).publish(subject, data, {
    msgID: options.msgId,
    headers: h,
    timeout: options.timeoutMs ?? 5_000,
    expect: options.expectStream ? { streamName: options.expectStream } : undefined,
  });
}
