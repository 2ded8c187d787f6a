import { OtelEnv, tracingConfig } from './otel-env';
import { ConfigError, validateEnv } from './validate-env';

const read = (env: Record<string, string>) => tracingConfig(validateEnv(OtelEnv, env), 'cirtmesh-node');

describe(tracingConfig.name, () => {
  it('traces nothing without an endpoint, or when the SDK is disabled', () => {
    expect(read({})).toBeUndefined();
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('sends to the endpoint’s /v1/traces with defaults the specification gives', () => {
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      timeoutMs: 10_000,
      serviceName: 'cirtmesh-node',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
  });

  it('reads the traces endpoint, headers, resource, service name and sampler as given', () => {
    const config = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/otlp/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant=ke',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=ke-cirt',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_SERVICE_NAME: 'ke-node',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=production',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config).toEqual({
      url: 'https://collector.example/otlp/traces',
      headers: { authorization: 'Bearer abc', 'x-tenant': 'ke-cirt' },
      timeoutMs: 2_500,
      serviceName: 'ke-node',
      resourceAttributes: { 'deployment.environment': 'production' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
  });

  it('names each bad variable', () => {
    expect(() => validateEnv(OtelEnv, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
    expect(() => validateEnv(OtelEnv, { OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER: must be one of always_on/);
    expect(() => validateEnv(OtelEnv, { OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(/OTEL_TRACES_SAMPLER_ARG: must be a ratio/);
    expect(() => read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' })).toThrow(ConfigError);
    expect(() => read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_RESOURCE_ATTRIBUTES: 'a=%E0%A4%A' })).toThrow(
      /OTEL_RESOURCE_ATTRIBUTES: the value of a is not URL-encoded/,
    );
  });
});
