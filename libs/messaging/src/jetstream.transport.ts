import { MeshHeaders, type Lane } from '@cirtmesh/contracts';
import { traceFields, withLogContext } from '@cirtmesh/logging';
import { backoffMs, type Backoff } from '@cirtmesh/retry';
import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, JsMsg, NatsConnection } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { isPermanent, redeliveryDelayMs, RetryLaterError } from './errors';
import { toIncoming, type IncomingMessage } from './incoming';
import { messageTracing } from './message-tracing';

/** Binds one `@EventPattern` to one durable pull consumer. */
export interface ConsumerBinding {
  pattern: string;
  stream: string;
  consumer: string;
  /** JetStream domain the stream lives in; the connection's own server when absent. */
  domain?: string;
  /** Messages per pull. */
  batch?: number;
  /**
   * Messages handled at once (default 1: strictly one after another). Above 1, messages of a
   * batch overlap and may finish out of order; each is still acked only once handled.
   */
  concurrency?: number;
  /**
   * `ahead`: while one of this binding's messages is being handled, the other bindings start no
   * new message (those already started finish), so it does not queue behind them for the CPU.
   */
  priority?: 'ahead';
  /** False: no span per message, for a consumer of records whose traces end where they were written (default true). */
  traced?: boolean;
}

/** The critical lane's workers go ahead of the others for the CPU, not only in their own queues. */
export function priorityOf(lane: Lane): Pick<ConsumerBinding, 'priority'> {
  return lane === 'critical' ? { priority: 'ahead' } : {};
}

export interface TerminatedMessage {
  pattern: string;
  subject: string;
  seq: number;
  code: string;
  error: string;
}

export interface JetStreamTransportOptions {
  connection: NatsConnection;
  bindings: ConsumerBinding[];
  /** Called, and awaited, before a message that can never be valid is terminated. */
  onTerminate?: (message: TerminatedMessage) => Promise<void>;
  /** Called after every attempt; useful for health and metrics. */
  onOutcome?: (pattern: string, outcome: 'ack' | 'nak' | 'term') => void;
}

export class JetStreamContext extends BaseRpcContext<[IncomingMessage, string]> {
  getMessage(): IncomingMessage {
    return this.args[0];
  }

  getPattern(): string {
    return this.args[1];
  }
}

/** Waits between failed pulls: 200 ms after the first, doubling to 2 s. */
const PULL_RETRY: Backoff = { baseMs: 100, capMs: 2_000 };
const ACK_RENEW_AFTER_MS = 3_000;
/** Longest single wait for a message that is not due yet; it is simply looked at again then. */
const MAX_RETRY_LATER_MS = 60_000;

/**
 * A Nest transport strategy for durable delivery over JetStream: pull consumers and explicit
 * acks. A handler that returns acks the message; one that throws a PermanentMessageError
 * terminates it after recording it; any other error naks it with backoff.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('cirtmesh-jetstream');
  protected override readonly logger = new Logger(JetStreamTransport.name);
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly stopWaiters = new Set<() => void>();
  /** Messages of `ahead` bindings being handled, and the other bindings' workers waiting for none. */
  private aheadInFlight = 0;
  private aheadIdleWaiters: Array<() => void> = [];

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.running = true;
    for (const binding of this.options.bindings) {
      // Looked up once: Nest's lookup parses the pattern each time, measurable on every message.
      const handler = this.getHandlerByPattern(binding.pattern);
      if (!handler) {
        callback(new Error(`no @EventPattern('${binding.pattern}') handler is registered for stream ${binding.stream}`));
        return;
      }
      this.loops.push(this.pullLoop(binding, handler));
    }
    callback();
  }

  async close(): Promise<void> {
    this.running = false;
    for (const wake of this.stopWaiters) wake();
    this.wakeBehind();
    await Promise.allSettled(this.loops);
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }

  private async pullLoop(binding: ConsumerBinding, handler: MessageHandler): Promise<void> {
    let failures = 0;
    let consumer: Consumer | undefined;
    while (this.running) {
      try {
        if (!consumer) {
          const js = this.options.connection.jetstream(binding.domain ? { domain: binding.domain } : {});
          consumer = await js.consumers.get(binding.stream, binding.consumer);
        }
        const batch = await consumer.fetch({ max_messages: binding.batch ?? 64, expires: 2_000 });
        const fetchedAt = Date.now();
        const inFlight = new Set<Promise<void>>();
        for await (const msg of batch) {
          // A message that waited behind others in the batch gets its ack timer reset first.
          if (Date.now() - fetchedAt > ACK_RENEW_AFTER_MS) msg.working();
          if (binding.priority !== 'ahead' && this.aheadInFlight > 0) {
            await this.behindAhead();
            msg.working();
          }
          const done: Promise<void> = this.handleInTurn(binding, handler, msg).finally(() => inFlight.delete(done));
          inFlight.add(done);
          if (inFlight.size >= (binding.concurrency ?? 1)) await Promise.race(inFlight);
          if (!this.running) break;
        }
        await Promise.all(inFlight);
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        consumer = undefined;
        if (failures === 1 || failures % 30 === 0) {
          this.logger.warn(`${binding.stream}/${binding.consumer}: pull failed (${errorMessage(error)}); retrying`);
        }
        await this.sleep(backoffMs(failures, PULL_RETRY));
      }
    }
  }

  /** Handles a message, counting it while it runs when its binding goes ahead of the others. */
  private async handleInTurn(binding: ConsumerBinding, handler: MessageHandler, msg: JsMsg): Promise<void> {
    if (binding.priority !== 'ahead') return this.handle(binding, handler, msg);
    this.aheadInFlight += 1;
    try {
      await this.handle(binding, handler, msg);
    } finally {
      this.aheadInFlight -= 1;
      if (this.aheadInFlight === 0) this.wakeBehind();
    }
  }

  /** Resolves once no message of an `ahead` binding is being handled (or the transport stops). */
  private async behindAhead(): Promise<void> {
    while (this.aheadInFlight > 0 && this.running) await new Promise<void>((resolve) => this.aheadIdleWaiters.push(resolve));
  }

  private wakeBehind(): void {
    const waiters = this.aheadIdleWaiters;
    this.aheadIdleWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Runs the handler for one message in a log context of its own (its subject, sequence and trace
   * ids, then whatever the handler adds, such as the alert id and origin), and settles it.
   */
  private handle(binding: ConsumerBinding, handler: MessageHandler, msg: JsMsg): Promise<void> {
    const incoming = toIncoming(msg);
    const traceparent = incoming.header(MeshHeaders.traceparent);
    // A message that carries no trace context (a stored notice, a directory section) is part of no
    // alert's trace: it gets no span, rather than a trace of its own.
    const tracing = binding.traced === false || traceparent === undefined ? undefined : messageTracing();
    if (!tracing) return this.settle(binding, handler, msg, incoming, traceparent);
    const consumer = `${binding.stream}/${binding.consumer}`;
    return tracing.process({ subject: msg.subject, traceparent, consumer }, (own) => this.settle(binding, handler, msg, incoming, own));
  }

  private settle(
    binding: ConsumerBinding,
    handler: MessageHandler,
    msg: JsMsg,
    incoming: IncomingMessage,
    traceparent: string | undefined,
  ): Promise<void> {
    const fields = { stream: binding.stream, subject: msg.subject, seq: msg.seq, ...traceFields(traceparent) };
    return withLogContext(fields, async () => {
      try {
        // Nest's handler resolves to an Observable (errors from its filters travel in it) or a value.
        const out: unknown = await handler(incoming, new JetStreamContext([incoming, binding.pattern]));
        if (isObservable(out)) await lastValueFrom(out, { defaultValue: undefined });
      } catch (error) {
        await this.settleFailure(binding, msg, error);
        return;
      }
      msg.ack();
      this.logger.debug(`${binding.stream} seq ${msg.seq} handled`);
      this.options.onOutcome?.(binding.pattern, 'ack');
    });
  }

  /** Terminates (after recording) what can never be valid, redelivers what is not due yet, and naks the rest with backoff. */
  private async settleFailure(binding: ConsumerBinding, msg: JsMsg, error: unknown): Promise<void> {
    const nak = (delayMs: number): void => {
      msg.nak(delayMs);
      this.options.onOutcome?.(binding.pattern, 'nak');
    };
    if (error instanceof RetryLaterError) return nak(Math.max(1, Math.min(error.delayMs, MAX_RETRY_LATER_MS)));
    if (!isPermanent(error)) {
      const delay = redeliveryDelayMs(msg.info.deliveryCount);
      this.logger.warn(`${binding.stream} seq ${msg.seq} failed (${errorMessage(error)}); redelivery in ${delay} ms`);
      return nak(delay);
    }
    const { code, message } = error;
    try {
      await this.options.onTerminate?.({ pattern: binding.pattern, subject: msg.subject, seq: msg.seq, code, error: message });
    } catch (recordError) {
      this.logger.warn(`could not record a terminated message, will retry it: ${errorMessage(recordError)}`);
      return nak(redeliveryDelayMs(msg.info.deliveryCount));
    }
    this.logger.warn(`${binding.stream} seq ${msg.seq} terminated: ${code}: ${message}`);
    msg.term();
    this.options.onOutcome?.(binding.pattern, 'term');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.stopWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stopWaiters.add(wake);
    });
  }
}

/** An error in a few words for a log line: its code, if it has one, then its message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' || typeof code === 'number' ? `${code} ` : ''}${error.message}`;
  }
  try {
    return JSON.stringify(error);
  } catch {
    return 'unknown error';
  }
}
