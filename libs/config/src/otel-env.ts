import { SAMPLERS, type SamplerName, type TracingConfig } from '@cirtmesh/telemetry';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ConfigError } from './validate-env';

/**
 * The standard OpenTelemetry variables this project supports, read and checked here like every
 * other setting and handed to the SDK as explicit options. Without an OTLP endpoint no exporter
 * runs and no span is made.
 */
export class OtelEnv {
  /** `true`: no tracing, whatever else is set. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  OTEL_SDK_DISABLED?: string;

  /** The OTLP/HTTP endpoint; traces go to its `/v1/traces`. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL such as http://127.0.0.1:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The traces URL itself, used as given (it wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL such as http://127.0.0.1:4318/v1/traces' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** `key=value,key=value`, values URL-encoded: sent with every export (a collector's token, say). */
  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_TRACES_HEADERS?: string;

  /** How long one export may take, in ms. */
  @IsOptional()
  @Matches(/^\d{1,7}$/, { message: 'must be a number of milliseconds' })
  OTEL_EXPORTER_OTLP_TIMEOUT?: string;

  @IsOptional()
  @Matches(/^\S{1,128}$/, { message: 'must be a name without spaces' })
  OTEL_SERVICE_NAME?: string;

  /** `key=value,key=value`: added to the resource of every span. */
  @IsOptional()
  @IsString()
  OTEL_RESOURCE_ATTRIBUTES?: string;

  @IsOptional()
  @IsIn(SAMPLERS, { message: `must be one of ${SAMPLERS.join(', ')}` })
  OTEL_TRACES_SAMPLER?: SamplerName;

  /** The ratio of the traceidratio samplers, from 0 to 1. */
  @IsOptional()
  @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'must be a ratio from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG?: string;
}

/** `key=value,key=value` with URL-encoded values, as the OpenTelemetry specification writes lists. */
function keyValues(variable: string, text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (text ?? '').split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) throw new ConfigError([`${variable}: "${item.trim()}" is not key=value`]);
    try {
      out[item.slice(0, at).trim()] = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      throw new ConfigError([`${variable}: the value of ${item.slice(0, at).trim()} is not URL-encoded`]);
    }
  }
  return out;
}

/** The tracing the app runs with, or undefined: no endpoint, or the SDK disabled. */
export function tracingConfig(env: OtelEnv, defaultServiceName: string): TracingConfig | undefined {
  const headers = {
    ...keyValues('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS),
    ...keyValues('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
  };
  const resourceAttributes = keyValues('OTEL_RESOURCE_ATTRIBUTES', env.OTEL_RESOURCE_ATTRIBUTES);
  const url =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url || env.OTEL_SDK_DISABLED === 'true') return undefined;
  return {
    url,
    headers,
    timeoutMs: env.OTEL_EXPORTER_OTLP_TIMEOUT ? Number(env.OTEL_EXPORTER_OTLP_TIMEOUT) : 10_000,
    serviceName: env.OTEL_SERVICE_NAME ?? resourceAttributes['service.name'] ?? defaultServiceName,
    resourceAttributes,
    sampler: env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG ? Number(env.OTEL_TRACES_SAMPLER_ARG) : 1,
  };
}
