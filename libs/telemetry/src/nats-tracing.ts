import type { MessageTracing } from '@cirtmesh/messaging';
import { isTraceparent } from '@cirtmesh/contracts';
import { context, ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { inSpan, tracer } from './tracing';

/**
 * The trace context a message carries, or none. The W3C `traceparent` is read here directly (the
 * mesh sends no `tracestate`): the propagation API's general path costs more than the span itself.
 */
function carried(traceparent: string | undefined): Context {
  if (!isTraceparent(traceparent)) return ROOT_CONTEXT;
  const [, traceId, spanId, flags] = traceparent.split('-');
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true });
}

/** A span's context as the `traceparent` its messages carry. */
function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The messaging attributes of OpenTelemetry's semantic conventions, for NATS. */
function messaging(subject: string | undefined, operation: 'process' | 'send', extra: Attributes = {}): Attributes {
  return {
    'messaging.system': 'nats',
    ...(subject === undefined ? {} : { 'messaging.destination.name': subject }),
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    ...extra,
  };
}

/**
 * Spans around NATS messages, as the conventions define them: handling a message is a `process`
 * span of kind consumer, a child of the context the message carries; a publish is a `send` span of
 * kind producer, a child of the work that sends it, whose context the message then carries.
 */
export const natsTracing: MessageTracing = {
  process(message, work) {
    const parent = carried(message.traceparent);
    const span = tracer().startSpan(
      `process ${message.subject}`,
      { kind: SpanKind.CONSUMER, attributes: messaging(message.subject, 'process', { 'messaging.consumer.group.name': message.consumer }) },
      parent,
    );
    return inSpan(span, () => work(traceparentOf(span)));
  },
  create(message, work) {
    const parent = message.parent ? carried(message.parent) : ROOT_CONTEXT;
    const links = message.links.flatMap((tp) => {
      const linked = trace.getSpanContext(carried(tp));
      return linked ? [{ context: linked }] : [];
    });
    // The work that makes it (a request's span, say) is linked to, when it is not the parent.
    const active = trace.getSpanContext(context.active());
    if (active && active.traceId !== trace.getSpanContext(parent)?.traceId && !links.some((l) => l.context.spanId === active.spanId)) {
      links.push({ context: active });
    }
    const span = tracer().startSpan(
      message.name,
      {
        kind: SpanKind.PRODUCER,
        root: !message.parent,
        links,
        attributes: { 'messaging.system': 'nats', 'messaging.operation.type': 'create' },
      },
      parent,
    );
    return inSpan(span, () => work(traceparentOf(span)));
  },
  send(message, work) {
    // A publish outside any span (a retried one, say) still joins the trace it was given; one with
    // neither is part of no trace, and starts none.
    const active = trace.getSpan(context.active()) !== undefined;
    if (!active && !isTraceparent(message.traceparent)) return work(undefined);
    const parent = active ? context.active() : carried(message.traceparent);
    // A batch to several destinations is one `send` span, named without one, with its message count.
    const batch = message.count === undefined ? {} : { 'messaging.batch.message_count': message.count };
    const span = tracer().startSpan(
      message.subject === undefined ? 'send' : `send ${message.subject}`,
      { kind: SpanKind.PRODUCER, attributes: messaging(message.subject, 'send', batch) },
      parent,
    );
    return inSpan(span, () => work(traceparentOf(span)));
  },
};

/** One event per recipient decision on the active span (a hub's `process` span): verdict and reasons. */
export function traceDecisions(decisions: { recipient: string; verdict: string; reasons: { code: string }[]; lane?: string }[]): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  for (const d of decisions) {
    span.addEvent('decision', {
      'cirtmesh.recipient': d.recipient,
      'cirtmesh.verdict': d.verdict,
      'cirtmesh.reasons': d.reasons.map((r) => r.code),
      ...(d.lane ? { 'cirtmesh.lane': d.lane } : {}),
    });
  }
}

/** An event on the active span, when one records (a store, a live-stream push). */
export function traceEvent(name: string, attributes: Attributes = {}): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.addEvent(name, attributes);
}
