/** The standard OTEL_* variables this gateway honours (read by config.ts, the only reader of process.env). */
import { boolean, ConfigError, integer, oneOf, optionalUrl, type Env } from './configValues.ts';

export type TracesSampler = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TracingConfig {
  /** Where spans are POSTed: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  tracesUrl: string;
  protocol: 'http/protobuf' | 'http/json';
  /** Sent with every export (e.g. a collector's API key): secret, never logged. */
  headers: Readonly<Record<string, string>>;
  serviceName: string;
  sampler: TracesSampler;
  /** The ratio of the `*traceidratio` samplers, 0…1. */
  samplerRatio: number;
  /** OTEL_TRACES_SAMPLER_ARG is set for a sampler that takes no argument (the standard says: ignore it). */
  samplerArgIgnored: boolean;
  /** How long finished spans wait to be sent in one batch (`OTEL_BSP_SCHEDULE_DELAY`). */
  scheduleDelayMs: number;
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

/** The standard OTEL_* variables this gateway honours; tracing stays off without an endpoint or with OTEL_SDK_DISABLED. */
export function tracingConfig(env: Env): TracingConfig | undefined {
  const tracesEndpoint = optionalUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = optionalUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if ((tracesEndpoint === undefined && endpoint === undefined) || boolean(env, 'OTEL_SDK_DISABLED', false)) return undefined;
  const sampler = oneOf(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const ratioText = env.OTEL_TRACES_SAMPLER_ARG?.trim() || '1';
  // The pattern admits only 0…1.
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(ratioText)) {
    throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', `must be a ratio between 0 and 1, got "${ratioText}"`);
  }
  return {
    tracesUrl: tracesEndpoint ?? `${endpoint}/v1/traces`,
    protocol: oneOf(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', ['http/protobuf', 'http/json'] as const, 'http/protobuf'),
    headers: otlpHeaders(env),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'payments-graphql-gateway',
    sampler,
    samplerRatio: Number(ratioText),
    samplerArgIgnored: env.OTEL_TRACES_SAMPLER_ARG?.trim() ? !sampler.endsWith('traceidratio') : false,
    scheduleDelayMs: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 0, 600_000),
  };
}

/** W3C Baggage-like `key=value,key2=value2`, values percent-decoded; values are secrets and never echoed. */
function otlpHeaders(env: Env): Record<string, string> {
  const raw = env.OTEL_EXPORTER_OTLP_TRACES_HEADERS?.trim() || env.OTEL_EXPORTER_OTLP_HEADERS?.trim();
  const headers: Record<string, string> = {};
  if (raw === undefined || raw === '') return headers;
  for (const pair of raw.split(',')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim().toLowerCase();
    if (at < 1 || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new ConfigError('OTEL_EXPORTER_OTLP_HEADERS', 'must be name=value pairs separated by commas (values not shown)');
    try {
      headers[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new ConfigError('OTEL_EXPORTER_OTLP_HEADERS', `has a badly percent-encoded value for "${name}" (value not shown)`);
    }
  }
  return headers;
}
