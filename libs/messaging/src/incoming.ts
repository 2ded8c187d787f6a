import type { JsMsg } from 'nats';

/** A JetStream message as handlers see it. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  header(name: string): string | undefined;
  /** Stream sequence in the stream it was read from. */
  seq: number;
  deliveryCount: number;
  /** When the stream it was read from stored it (epoch ms). */
  storedAtMs: number;
  /** Tells the server the handler is still working, resetting the ack timer. */
  working(): void;
}

export function toIncoming(msg: JsMsg): IncomingMessage {
  return {
    subject: msg.subject,
    data: msg.data,
    header: (name) => {
      const value = msg.headers?.get(name);
      return value === undefined || value === '' ? undefined : value;
    },
    seq: msg.seq,
    deliveryCount: msg.info.deliveryCount,
    storedAtMs: Math.floor(msg.info.timestampNanos / 1_000_000),
    working: () => msg.working(),
  };
}
