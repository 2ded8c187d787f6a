import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace';

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** What the app's config read from the standard `OTEL_*` variables: every option the SDK gets. */
export interface TracingConfig {
  /** Where spans go: the OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES`, besides the service and the party. */
  resourceAttributes: Record<string, string>;
  sampler: SamplerName;
  /** The ratio of the `traceidratio` samplers, 0 to 1. */
  samplerRatio: number;
}

/** The running SDK: flushes and stops it. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let enabled = false;

/** Whether spans are made at all: without an exporter every helper runs the work and nothing else. */
export function tracingEnabled(): boolean {
  return enabled;
}

type Sdk = typeof import('@opentelemetry/sdk-trace');

function samplerOf(sdk: Sdk, config: TracingConfig): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = sdk;
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/**
 * Starts the OpenTelemetry SDK for this process when an exporter is configured: spans batched to
 * OTLP/HTTP, W3C trace context carried in the NATS headers and the HTTP requests. Without one it
 * loads and starts nothing, and the helpers below cost a branch.
 */
export async function startTracing(config: TracingConfig | undefined, party: { id: string; kind: string }): Promise<Tracing> {
  if (!config) return { enabled: false, shutdown: () => Promise.resolve() };
  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const exporter = new OTLPTraceExporter({ url: config.url, headers: config.headers, timeoutMillis: config.timeoutMs });
  const provider = new sdk.TracerProvider({
    sampler: samplerOf(sdk, config),
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      'service.name': config.serviceName,
      'cirtmesh.party': party.id,
      'cirtmesh.party.kind': party.kind,
    }),
    // Room for a burst (the default queue of 2,048 drops spans under load), sent in large batches.
    spanProcessors: [
      new sdk.BatchSpanProcessor({ exporter, scheduledDelayMillis: 1_000, maxQueueSize: 16_384, maxExportBatchSize: 1_024 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  return {
    enabled: true,
    shutdown: async () => {
      enabled = false;
      await provider.shutdown();
    },
  };
}

let meshTracer: Tracer | undefined;

/** The tracer every span of the mesh comes from (looked up once: the global lookup is measurable per span). */
export const tracer = (): Tracer => (meshTracer ??= trace.getTracer('cirtmesh'));

/** The active span's context as a W3C `traceparent`, for what this work sends on; undefined without one. */
export function activeTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Ends a span with the outcome of its work. */
export async function inSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), work);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: 2, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
