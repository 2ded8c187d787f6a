/**
 * How message handling and durable publishes are traced. Nothing is, unless the app installs an
 * implementation (the telemetry library's, when an exporter is configured): without one the
 * transport and `publishDurable` run their work and nothing else.
 */
export interface MessageTracing {
  /**
   * Runs the handling of one message in a consumer span whose parent is the trace context the
   * message carries; `work` gets the span's own `traceparent`, for the log lines of the work.
   */
  process<T>(
    message: { subject: string; traceparent: string | undefined; consumer: string },
    work: (traceparent: string | undefined) => Promise<T>,
  ): Promise<T>;
  /**
   * Runs a publish in a producer span, a child of the active span (or of the `traceparent` the
   * publish was given); `work` gets the span's `traceparent` to send in the message's headers.
   * Several publishes to several destinations are one span: no `subject`, and their `count`.
   */
  send<T>(
    message: { subject?: string; traceparent: string | undefined; count?: number },
    work: (traceparent: string | undefined) => Promise<T>,
  ): Promise<T>;
  /**
   * Runs the making of one message in a span of its own (a `create` span, kind producer): a root
   * span, or a child of `parent` when given, with a link to each of `links` (the request or the
   * reports it was made from). The publishes of `work` are its children.
   */
  create<T>(message: { name: string; parent?: string; links: string[] }, work: (traceparent: string | undefined) => Promise<T>): Promise<T>;
}

let installed: MessageTracing | undefined;

/** Installs (or, with undefined, removes) the tracing of every message this process handles and publishes. */
export function useMessageTracing(tracing: MessageTracing | undefined): void {
  installed = tracing;
}

export function messageTracing(): MessageTracing | undefined {
  return installed;
}

/**
 * Makes one message in a trace span of its own (see MessageTracing.create); without tracing,
 * runs `work` with no trace context of its own.
 */
export function inOwnSpan<T>(
  message: { name: string; parent?: string; links: string[] },
  work: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  return installed ? installed.create(message, work) : work(undefined);
}

/** Runs several publishes in one `send` span (see MessageTracing.send); without tracing, just runs them. */
export function inSendSpan<T>(
  message: { count: number; traceparent: string | undefined },
  work: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  return installed ? installed.send(message, work) : work(undefined);
}
