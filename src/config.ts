/** The only reader of process.env: validates once at start-up and returns a frozen, typed config. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_MAX_COST } from './limits/cost.ts';
import { boolean, ConfigError, integer, list, oneOf, optionalUrl, type Env } from './configValues.ts';
import { tracingConfig, type TracingConfig } from './tracingConfig.ts';

export { ConfigError };

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Unset outside production: the embedded emulator is started and used. */
  ctp: { apiUrl: string | undefined; authUrl: string | undefined; projectKey: string; clientId: string | undefined; clientSecret: string | undefined };
  occ: { baseUrl: string | undefined; siteId: string | undefined };
  upstreamTimeoutMs: number;
  /** Per upstream: connect timeout, GET/HEAD retries and circuit breaker (see src/upstreams/http/resilience.ts). */
  resilience: {
    connectTimeoutMs: number;
    retries: number;
    breakerThreshold: number;
    breakerCooldownMs: number;
  };
  introspection: boolean;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
    bodyLimitBytes: number;
    batching: boolean;
    /** Operations per batched request (with `batching`). */
    maxBatchOperations: number;
    /** Max `_entities` representations per operation (subgraph mode). */
    maxEntities: number;
  };
  corsOrigins: readonly string[];
  shutdownGraceMs: number;
  /** On SIGTERM, how long readiness answers 503 while the server still accepts, before it stops accepting. */
  shutdownDelayMs: number;
  /** When set, `GET /metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  /** Seed of the embedded emulators' demo tokens and ids, so they stay the same across restarts. */
  demoSeed: string;
  /** Shared state (idempotency records, rate limits) lives here when set; in process memory otherwise. */
  redis: { url: string | undefined; keyPrefix: string; commandTimeoutMs: number; slowCooldownMs: number };
  rateLimits: {
    /** X-Forwarded-For hops set by proxies of ours; 0 uses the socket's address. */
    trustedProxies: number;
    /** GraphQL requests per client address and per credential, per minute; 0 turns the limit off. */
    perAddressPerMinute: number;
    perCallerPerMinute: number;
    /** Failed card attempts (declines, card input refused) per order and per caller within the window. */
    cardFailuresPerOrder: number;
    cardFailuresPerCaller: number;
    cardFailureWindowSeconds: number;
  };
  idempotency: {
    /** HMAC key for fingerprints and key scopes; every instance sharing a store must have the same one. */
    secret: string;
    ttlSeconds: number;
    /** Added to the upstream deadline: how long a claim stays "in use" before it counts as outcome unknown. */
    inFlightMarginMs: number;
  };
  /** Without a token, whether `/metrics` answers anyone (default: outside production only). */
  metricsPublic: boolean;
  /** What one client may hold: a slow client is cut at these deadlines instead of pinning a socket for minutes. */
  http: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  /** Known documents run compiled (src/fastpath/); `false` sends every request through Apollo's pipeline. */
  fastPath: boolean;
  /** Trusted documents: path of a `{ "<sha256 hex>": "<document>" }` manifest, loaded and validated at start-up. */
  persistedDocuments: string | undefined;
  /** `log` accepts and logs documents not in the manifest; `enforce` refuses them (needs PERSISTED_DOCUMENTS). */
  safelist: SafelistMode;
  /** OpenTelemetry traces over OTLP/HTTP; undefined (no SDK loaded) unless an OTLP endpoint is configured. */
  tracing: TracingConfig | undefined;
  /** Serve the schema as an Apollo Federation 2 subgraph (`MyPayment @key(fields: "id")`, `_service`, `_entities`). */
  subgraph: boolean;
}

export type SafelistMode = 'off' | 'log' | 'enforce';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Readonly<GatewayConfig> {
  const production = isProduction(env.NODE_ENV);
  const ctpApiUrl = optionalUrl(env, 'CTP_API_URL');
  const occBaseUrl = optionalUrl(env, 'OCC_BASE_URL');
  if (production && ctpApiUrl === undefined) throw new ConfigError('CTP_API_URL', 'is required when NODE_ENV=production');
  if (production && occBaseUrl === undefined) throw new ConfigError('OCC_BASE_URL', 'is required when NODE_ENV=production');

  const config: GatewayConfig = {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    production,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    ctp: {
      apiUrl: ctpApiUrl,
      authUrl: optionalUrl(env, 'CTP_AUTH_URL'),
      projectKey: projectKey(env),
      ...apiClient(env),
    },
    occ: { baseUrl: occBaseUrl, siteId: env.OCC_SITE_ID?.trim() || undefined },
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 1, 10_000),
    resilience: {
      connectTimeoutMs: integer(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 2000, 1, 10_000),
      retries: integer(env, 'UPSTREAM_RETRIES', 2, 0, 5),
      breakerThreshold: integer(env, 'BREAKER_THRESHOLD', 5, 1, 1000),
      breakerCooldownMs: integer(env, 'BREAKER_COOLDOWN_MS', 10_000, 10, 600_000),
    },
    introspection: boolean(env, 'INTROSPECTION', !production),
    limits: {
      maxDepth: integer(env, 'MAX_DEPTH', 10, 1, 1000),
      maxAliases: integer(env, 'MAX_ALIASES', 100, 1, 10_000),
      maxTokens: integer(env, 'MAX_TOKENS', 2000, 10, 1_000_000),
      maxDirectives: integer(env, 'MAX_DIRECTIVES', 20, 0, 1000),
      maxCost: integer(env, 'MAX_COST', DEFAULT_MAX_COST, 1, 10_000_000),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      batching: boolean(env, 'ALLOW_BATCHING', false),
      maxBatchOperations: integer(env, 'MAX_BATCH_OPERATIONS', 10, 1, 100),
      maxEntities: integer(env, 'MAX_ENTITIES', 500, 1, 100_000),
    },
    corsOrigins: corsOrigins(env, production ? [] : ['https://studio.apollographql.com']),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 120_000),
    // Outside production no balancer probes readiness, and Ctrl-C should stop at once.
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', production ? 5000 : 0, 0, 120_000),
    metricsToken: secretToken(env, 'METRICS_TOKEN'),
    demoSeed: env.DEMO_SEED?.trim() || 'payments-gateway-demo',
    redis: {
      url: redisUrl(env),
      keyPrefix: env.REDIS_KEY_PREFIX?.trim() || 'pgw:',
      commandTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 500, 10, 10_000),
      slowCooldownMs: integer(env, 'REDIS_SLOW_COOLDOWN_MS', 5_000, 100, 600_000),
    },
    rateLimits: {
      trustedProxies: integer(env, 'TRUST_PROXY', 0, 0, 10),
      perAddressPerMinute: integer(env, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 3000, 0, 10_000_000),
      perCallerPerMinute: integer(env, 'RATE_LIMIT_PER_CALLER_PER_MINUTE', 1200, 0, 10_000_000),
      cardFailuresPerOrder: integer(env, 'CARD_FAILURES_PER_ORDER', 10, 0, 1_000_000),
      cardFailuresPerCaller: integer(env, 'CARD_FAILURES_PER_CALLER', 30, 0, 1_000_000),
      cardFailureWindowSeconds: integer(env, 'CARD_FAILURE_WINDOW_SECONDS', 600, 1, 86_400),
    },
    idempotency: {
      secret: idempotencySecret(env, production),
      ttlSeconds: integer(env, 'IDEMPOTENCY_TTL_SECONDS', 86_400, 60, 30 * 86_400),
      inFlightMarginMs: integer(env, 'IDEMPOTENCY_IN_FLIGHT_MARGIN_MS', 5_000, 0, 600_000),
    },
    metricsPublic: boolean(env, 'METRICS_PUBLIC', !production),
    http: {
      headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 120_000),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
      keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 600_000),
      maxConnections: integer(env, 'MAX_CONNECTIONS', 1000, 1, 1_000_000),
    },
    fastPath: oneOf(env, 'FAST_PATH', ['on', 'off'], 'on') === 'on',
    persistedDocuments: env.PERSISTED_DOCUMENTS?.trim() || undefined,
    safelist: oneOf(env, 'SAFELIST', ['off', 'log', 'enforce'], 'off'),
    tracing: tracingConfig(env),
    subgraph: boolean(env, 'SUBGRAPH', false),
  };
  if (config.safelist !== 'off' && config.persistedDocuments === undefined) throw new ConfigError('SAFELIST', `is ${config.safelist}, which needs PERSISTED_DOCUMENTS (the manifest of allowed documents)`);
  if (config.http.requestTimeoutMs < config.http.headersTimeoutMs) {
    throw new ConfigError('REQUEST_TIMEOUT_MS', `must be at least HEADERS_TIMEOUT_MS (${config.http.headersTimeoutMs}), got ${config.http.requestTimeoutMs}`);
  }
  if (config.metricsToken !== undefined && boolean(env, 'METRICS_PUBLIC', false)) {
    throw new ConfigError('METRICS_PUBLIC', 'must not be true when METRICS_TOKEN is set: say which of the two you mean');
  }
  return deepFreeze(config);
}

/**
 * The gateway's own commercetools API client, for token introspection. Both or neither; the secret is never
 * echoed. With CTP_AUTH_URL they make a shopper's idempotency keys survive a token refresh (see README).
 */
function apiClient(env: Env): { clientId: string | undefined; clientSecret: string | undefined } {
  const clientId = env.CTP_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.CTP_CLIENT_SECRET?.trim() || undefined;
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new ConfigError(clientId === undefined ? 'CTP_CLIENT_ID' : 'CTP_CLIENT_SECRET', 'must be set together with the other of CTP_CLIENT_ID and CTP_CLIENT_SECRET');
  }
  // A colon would split HTTP Basic credentials in the wrong place.
  if (clientId !== undefined && !/^[A-Za-z0-9._~-]{1,256}$/.test(clientId)) throw new ConfigError('CTP_CLIENT_ID', `must be 1-256 letters, digits or . _ ~ -, got "${clientId}"`);
  if (clientSecret !== undefined && !/^[\x21-\x7e]{1,256}$/.test(clientSecret)) throw new ConfigError('CTP_CLIENT_SECRET', 'must be 1-256 printable characters without spaces (value not shown)');
  if (clientId !== undefined && !env.CTP_AUTH_URL?.trim()) throw new ConfigError('CTP_CLIENT_ID', 'needs CTP_AUTH_URL (the auth host the client credentials belong to)');
  return { clientId, clientSecret };
}

function projectKey(env: Env): string {
  const raw = env.CTP_PROJECT_KEY?.trim() || 'demo-payments';
  if (!/^[a-z0-9_-]{2,256}$/i.test(raw)) throw new ConfigError('CTP_PROJECT_KEY', `must be 2-256 letters, digits, _ or -, got "${raw}"`);
  return raw;
}

/** A bearer secret: long enough not to be guessed, and never echoed in the error (it would land in a deploy log). */
function secretToken(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9._~+/=-]{16,256}$/.test(raw)) throw new ConfigError(name, 'must be 16-256 characters of A-Z, a-z, 0-9 and . _ ~ + / = - (value not shown)');
  return raw;
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL (value not shown: it may hold a password)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError('REDIS_URL', `must use redis: or rediss:, got "${url.protocol}"`);
  return raw;
}

/**
 * Instances that share a Redis must share the secret, or a retry on another instance would not recognise its key.
 * Production refuses to guess; elsewhere a per-process random secret suits the in-memory store, and a fixed
 * development secret lets several local instances share a Redis.
 */
function idempotencySecret(env: Env, production: boolean): string {
  const raw = env.IDEMPOTENCY_SECRET?.trim();
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('IDEMPOTENCY_SECRET', 'must be at least 32 characters (value not shown)');
    return raw;
  }
  const shared = env.REDIS_URL?.trim();
  if (production && shared) throw new ConfigError('IDEMPOTENCY_SECRET', 'is required when NODE_ENV=production and REDIS_URL is set (instances must share it)');
  return shared ? 'development-only-idempotency-secret-not-for-production' : randomBytes(32).toString('base64url');
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child as object);
  return Object.freeze(value);
}

/**
 * `production` in any case. A value that means production to a person but not to a program (`prod`, `live`) is
 * refused: it would run with emulators, explorers, public metrics and a development secret.
 */
function isProduction(value: string | undefined): boolean {
  const text = value?.trim().toLowerCase();
  if (text === 'prod' || text === 'prd' || text === 'live') throw new ConfigError('NODE_ENV', `must be "production" for production, got "${value}"`);
  return text === 'production';
}

/** Each an origin as a browser sends it (scheme, host, port; no path or trailing slash), or `*`: any other never matches. */
function corsOrigins(env: Env, fallback: string[]): string[] {
  const origins = list(env, 'CORS_ORIGINS', fallback);
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new ConfigError('CORS_ORIGINS', `holds "${origin}", which no browser sends: write an origin such as https://shop.example.com (no path or trailing slash)`);
    }
  }
  return origins;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}
