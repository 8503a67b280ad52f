/** The standard OTEL_* variables this gateway honours (read by config.ts, the only reader of process.env). */
import { boolean, ConfigError, integer, list, oneOf, optionalUrl, type Env } from './configValues.ts';

export type TracesSampler = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TracingConfig {
  /** Where spans are POSTed: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  tracesUrl: string;
  protocol: 'http/protobuf' | 'http/json';
  /** Sent with every export (e.g. a collector's API key): secret, never logged. */
  headers: Readonly<Record<string, string>>;
  /** `gzip` compresses every export body (collectors across a network); `none` sends it as is. */
  compression: 'gzip' | 'none';
  /** How long one export, retries included, may take before it is abandoned (its spans then count as failed). */
  exportTimeoutMs: number;
  serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES` (e.g. `deployment.environment.name`, `service.version`); `service.name` is `serviceName`. */
  resourceAttributes: Readonly<Record<string, string>>;
  sampler: TracesSampler;
  /** The ratio of the `*traceidratio` samplers, 0…1. */
  samplerRatio: number;
  /** OTEL_TRACES_SAMPLER_ARG is set for a sampler that takes no argument (the standard says: ignore it). */
  samplerArgIgnored: boolean;
  /** Propagators named in `OTEL_PROPAGATORS` that this gateway does not speak (it speaks W3C `tracecontext` only). */
  propagatorsIgnored: readonly string[];
  /** Why `OTEL_RESOURCE_ATTRIBUTES` was discarded whole, as the specification says to (warned of at start). */
  resourceAttributesRefused: string | undefined;
  batch: Readonly<SpanBatchConfig>;
}

/** The batch span processor's `OTEL_BSP_*` settings. */
export interface SpanBatchConfig {
  /** How long finished spans wait to be sent in one batch (`OTEL_BSP_SCHEDULE_DELAY`). */
  scheduleDelayMs: number;
  /** Finished spans held at most; beyond it new ones are dropped, so a slow collector costs memory no further. */
  maxQueueSize: number;
  /** Spans per export request; a full batch is sent at once, without waiting for the delay. */
  maxExportBatchSize: number;
  /** How long the processor waits for one export before giving up on it. */
  exportTimeoutMs: number;
}

/** What a gateway's shutdown waits at most for its last spans to reach the collector (src/main.ts allows for it). */
export const TRACES_SHUTDOWN_FLUSH_MS = 2_000;

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
/** `baggage` (in the specification's default) is accepted and not forwarded: it may carry a caller's data. */
const SPOKEN_PROPAGATORS = new Set(['tracecontext', 'baggage']);

/**
 * The standard OTEL_* variables this gateway honours; tracing stays off without an endpoint, with
 * `OTEL_SDK_DISABLED=true` or with `OTEL_TRACES_EXPORTER=none`. A signal's own variable (`…_TRACES_…`) wins over the
 * general one, as the specification says.
 */
export function tracingConfig(env: Env): TracingConfig | undefined {
  const tracesEndpoint = optionalUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = optionalUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if ((tracesEndpoint === undefined && endpoint === undefined) || boolean(env, 'OTEL_SDK_DISABLED', false)) return undefined;
  if (!tracesExporters(env).includes('otlp')) return undefined;
  const sampler = otelChoice(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const readsRatio = sampler.endsWith('traceidratio');
  const ratioText = (readsRatio && env.OTEL_TRACES_SAMPLER_ARG?.trim()) || '1';
  // Any decimal number (`0.01`, `1e-2`) from 0 to 1; the other samplers ignore the argument, as the standard says.
  const ratio = /^[0-9.eE+-]+$/.test(ratioText) ? Number(ratioText) : NaN;
  if (!(ratio >= 0 && ratio <= 1)) throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', `must be a ratio between 0 and 1, got "${ratioText}"`);
  const { attributes: resource, refused } = resourceAttributes(env);
  return {
    tracesUrl: tracesEndpoint ?? `${endpoint}/v1/traces`,
    protocol: otelChoice(env, signalVariable(env, 'PROTOCOL'), ['http/protobuf', 'http/json'] as const, 'http/protobuf'),
    headers: otlpHeaders(env),
    compression: otelChoice(env, signalVariable(env, 'COMPRESSION'), ['gzip', 'none'] as const, 'none'),
    exportTimeoutMs: integer(env, signalVariable(env, 'TIMEOUT'), 10_000, 1, 600_000),
    // OTEL_SERVICE_NAME wins over a service.name in OTEL_RESOURCE_ATTRIBUTES.
    serviceName: env.OTEL_SERVICE_NAME?.trim() || resource['service.name'] || 'payments-graphql-gateway',
    resourceAttributes: withoutServiceName(resource),
    sampler,
    samplerRatio: ratio,
    samplerArgIgnored: env.OTEL_TRACES_SAMPLER_ARG?.trim() ? !readsRatio : false,
    propagatorsIgnored: lowerCaseList(env, 'OTEL_PROPAGATORS', []).filter((name) => !SPOKEN_PROPAGATORS.has(name)),
    resourceAttributesRefused: refused,
    batch: spanBatchConfig(env),
  };
}

/** The specification's enum values are case-insensitive. */
function otelChoice<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  return oneOf({ [name]: env[name]?.toLowerCase() }, name, allowed, fallback);
}

function lowerCaseList(env: Env, name: string, fallback: string[]): string[] {
  return list(env, name, fallback).map((item) => item.toLowerCase());
}

/** `OTEL_TRACES_EXPORTER` is a list; `otlp` is the one exporter here, `none` none at all. */
function tracesExporters(env: Env): string[] {
  const names = lowerCaseList(env, 'OTEL_TRACES_EXPORTER', ['otlp']);
  const unknown = names.find((name) => name !== 'otlp' && name !== 'none');
  if (unknown !== undefined) throw new ConfigError('OTEL_TRACES_EXPORTER', `must list otlp or none, got "${unknown}"`);
  return names;
}

/** `OTEL_EXPORTER_OTLP_TRACES_<setting>` when it is set, else `OTEL_EXPORTER_OTLP_<setting>`. */
function signalVariable(env: Env, setting: 'PROTOCOL' | 'COMPRESSION' | 'TIMEOUT'): string {
  const traces = `OTEL_EXPORTER_OTLP_TRACES_${setting}`;
  return env[traces]?.trim() ? traces : `OTEL_EXPORTER_OTLP_${setting}`;
}

function spanBatchConfig(env: Env): SpanBatchConfig {
  const maxQueueSize = integer(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000);
  const maxExportBatchSize = integer(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', Math.min(512, maxQueueSize), 1, 1_000_000);
  if (maxExportBatchSize > maxQueueSize) {
    throw new ConfigError('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', `must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${maxQueueSize}), got ${maxExportBatchSize}`);
  }
  return {
    scheduleDelayMs: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 0, 600_000),
    maxQueueSize,
    maxExportBatchSize,
    exportTimeoutMs: integer(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, 1, 600_000),
  };
}

/**
 * Sent with every export; values are secrets and never echoed. Both lists are merged by name, the traces one winning
 * for a name in both, as the OTLP exporter itself merges them (it reads both variables too).
 */
function otlpHeaders(env: Env): Record<string, string> {
  const lowerCased = (variable: string) =>
    Object.entries(keyValueList(env, variable, /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, true)).map(([key, value]) => [key.toLowerCase(), value] as const);
  return Object.fromEntries([...lowerCased('OTEL_EXPORTER_OTLP_HEADERS'), ...lowerCased('OTEL_EXPORTER_OTLP_TRACES_HEADERS')]);
}

/** A bad list is discarded whole and reported, as the specification says: a telemetry label must not stop payments. */
function resourceAttributes(env: Env): { attributes: Record<string, string>; refused: string | undefined } {
  try {
    // Keys as OpenTelemetry's attribute names: dotted, printable ASCII without separators.
    return { attributes: keyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES', /^[A-Za-z0-9._\-/:]+$/, false), refused: undefined };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { attributes: {}, refused: error.message };
  }
}

function withoutServiceName(attributes: Record<string, string>): Record<string, string> {
  const { 'service.name': _serviceName, ...rest } = attributes;
  return rest;
}

/**
 * The W3C Baggage-like `key=value,key2=value2` both OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES use,
 * values percent-decoded. A refused entry names its key at most: `secretValues` lists hold credentials.
 */
function keyValueList(env: Env, variable: string, keyPattern: RegExp, secretValues: boolean): Record<string, string> {
  const raw = env[variable]?.trim();
  const entries: Record<string, string> = {};
  if (raw === undefined || raw === '') return entries;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at < 1 || !keyPattern.test(key)) throw new ConfigError(variable, `must be name=value pairs separated by commas${secretValues ? ' (values not shown)' : ''}`);
    try {
      entries[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new ConfigError(variable, `has a badly percent-encoded value for "${key}"${secretValues ? ' (value not shown)' : ''}`);
    }
  }
  return entries;
}
