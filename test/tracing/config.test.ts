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
      compression: 'none',
      exportTimeoutMs: 10_000,
      serviceName: 'payments-graphql-gateway',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      samplerArgIgnored: false,
      propagatorsIgnored: [],
      resourceAttributesRefused: undefined,
      batch: { scheduleDelayMs: 5000, maxQueueSize: 2048, maxExportBatchSize: 512, exportTimeoutMs: 30_000 },
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
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1024',
      OTEL_BSP_EXPORT_TIMEOUT: '5000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=eu%2Dprod, service.version=1.4.2,service.name=overridden,',
      OTEL_PROPAGATORS: 'tracecontext,baggage, B3,none',
    }).tracing;
    expect(tracing).toEqual({
      tracesUrl: 'http://127.0.0.1:9999/custom',
      protocol: 'http/json',
      headers: { 'api-key': 's=cret', 'x-team': 'payments' },
      compression: 'gzip',
      exportTimeoutMs: 2500,
      serviceName: 'payments-eu',
      resourceAttributes: { 'deployment.environment.name': 'eu-prod', 'service.version': '1.4.2' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.01,
      samplerArgIgnored: false,
      propagatorsIgnored: ['b3', 'none'],
      resourceAttributesRefused: undefined,
      batch: { scheduleDelayMs: 100, maxQueueSize: 4096, maxExportBatchSize: 1024, exportTimeoutMs: 5000 },
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: ' ' }).tracing?.samplerRatio).toBe(1);
    // A ratio without a ratio sampler: ignored, as the standard says, but flagged (server.ts warns at start).
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_SAMPLER_ARG: '0.01' }).tracing).toMatchObject({
      sampler: 'parentbased_always_on',
      samplerArgIgnored: true,
    });
  });

  it("lets a signal's own variable win over the general one, and a service.name in the resource stand without OTEL_SERVICE_NAME", () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=general,Both=general',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=traces,both=traces',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=payments-us',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
    }).tracing;
    // Headers merge by name, as the OTLP exporter merges the two variables it also reads.
    expect(tracing).toMatchObject({ protocol: 'http/json', compression: 'gzip', exportTimeoutMs: 3000, serviceName: 'payments-us', resourceAttributes: {} });
    expect(tracing?.headers).toEqual({ a: 'general', b: 'traces', both: 'traces' });
    // The batch size follows a smaller queue down rather than refusing a queue set alone.
    expect(tracing?.batch).toMatchObject({ maxQueueSize: 100, maxExportBatchSize: 100 });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toBeDefined();
  });

  it('reads enum values in any case and OTEL_TRACES_EXPORTER as a list, as the specification says', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'NONE' }).tracing).toBeUndefined();
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'otlp, none' }).tracing).toBeDefined();
    expect(loadConfig({ ...endpoint, OTEL_TRACES_SAMPLER: 'AlwaYs_On', OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP', OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON' }).tracing).toMatchObject({
      sampler: 'always_on',
      compression: 'gzip',
      protocol: 'http/json',
    });
  });

  it('discards a bad OTEL_RESOURCE_ATTRIBUTES whole and says why (a telemetry label does not stop the gateway)', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    for (const bad of ['deployment.environment.name', 'has space=x', 'service.version=%E0%A4%A', 'ok=1,broken']) {
      const tracing = loadConfig({ ...endpoint, OTEL_SERVICE_NAME: 'payments-eu', OTEL_RESOURCE_ATTRIBUTES: bad }).tracing;
      expect(tracing).toMatchObject({ serviceName: 'payments-eu', resourceAttributes: {} });
      expect(tracing?.resourceAttributesRefused).toMatch(/OTEL_RESOURCE_ATTRIBUTES/);
    }
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_EXPORTER: 'console' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }, 'OTEL_EXPORTER_OTLP_COMPRESSION'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'zstd' }, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }, 'OTEL_EXPORTER_OTLP_TIMEOUT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'OTEL_BSP_MAX_QUEUE_SIZE'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_EXPORT_TIMEOUT: '-1' }, 'OTEL_BSP_EXPORT_TIMEOUT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_EXPORTER: 'otlp,zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '-0.1' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ SUBGRAPH: 'yes' }, 'SUBGRAPH'],
    [{ MAX_ENTITIES: '0' }, 'MAX_ENTITIES'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('reads a ratio written in any decimal notation, and ignores (never refuses) an argument its sampler does not read', () => {
    const ratioOf = (arg: string) => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg }).tracing?.samplerRatio;
    expect([ratioOf('5e-1'), ratioOf('.25'), ratioOf('1'), ratioOf('0')]).toEqual([0.5, 0.25, 1, 0]);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER_ARG: 'abc' }).tracing).toMatchObject({ sampler: 'parentbased_always_on', samplerRatio: 1, samplerArgIgnored: true });
  });

  it('never echoes a URL it cannot parse: it may hold credentials', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:S3CRETPW@[::1' })).toThrowError(/^(?!.*S3CRETPW)Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT /);
    expect(() => loadConfig({ CTP_API_URL: 'https://user:S3CRETPW@exa mple' })).toThrowError(/^(?!.*S3CRETPW)Invalid configuration: CTP_API_URL /);
  });

  it('never echoes an OTLP header value it refuses', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=%E0%A4%A' })).toThrowError(/^(?!.*E0%A4).*OTEL_EXPORTER_OTLP_HEADERS/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-name' })).toThrowError(/^(?!.*secret-without).*OTEL_EXPORTER_OTLP_HEADERS/);
  });
});
