import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('tracing and subgraph configuration', () => {
  it('is off by default', () => {
    const config = loadConfig({});
    expect(config.tracing).toBeUndefined();
    expect(config.subgraph).toBe(false);
    expect(config.limits.maxEntities).toBe(500);
  });

  it('turns tracing on with an OTLP endpoint, with the standard defaults', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' }).tracing).toEqual({
      tracesUrl: 'http://127.0.0.1:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      serviceName: 'payments-graphql-gateway',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      samplerArgIgnored: false,
      scheduleDelayMs: 5000,
    });
  });

  it('reads the traces endpoint, protocol, headers, service name and sampler', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9999/custom',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret,X-Team = payments',
      OTEL_SERVICE_NAME: 'payments-eu',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.01',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }).tracing;
    expect(tracing).toEqual({
      tracesUrl: 'http://127.0.0.1:9999/custom',
      protocol: 'http/json',
      headers: { 'api-key': 's=cret', 'x-team': 'payments' },
      serviceName: 'payments-eu',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.01,
      samplerArgIgnored: false,
      scheduleDelayMs: 100,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: ' ' }).tracing?.samplerRatio).toBe(1);
    // A ratio without a ratio sampler: ignored, as the standard says, but flagged (server.ts warns at start).
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: '0.01' }).tracing).toMatchObject({
      sampler: 'parentbased_always_on',
      samplerArgIgnored: true,
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ SUBGRAPH: 'yes' }, 'SUBGRAPH'],
    [{ MAX_ENTITIES: '0' }, 'MAX_ENTITIES'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('never echoes an OTLP header value it refuses', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=%E0%A4%A' })).toThrowError(/^(?!.*E0%A4).*OTEL_EXPORTER_OTLP_HEADERS/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-name' })).toThrowError(/^(?!.*secret-without).*OTEL_EXPORTER_OTLP_HEADERS/);
  });
});
