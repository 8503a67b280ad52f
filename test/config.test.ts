import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration is validated once, at start-up', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', production: false, ctp: { apiUrl: undefined, projectKey: 'demo-payments' }, upstreamTimeoutMs: 10_000 });
    expect(Object.isFrozen(config) && Object.isFrozen(config.ctp)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ CTP_API_URL: 'not a url' }, 'CTP_API_URL'],
    [{ CTP_API_URL: 'ftp://example.com' }, 'CTP_API_URL'],
    [{ CTP_PROJECT_KEY: 'bad key!' }, 'CTP_PROJECT_KEY'],
    [{ OCC_BASE_URL: '::' }, 'OCC_BASE_URL'],
    [{ UPSTREAM_TIMEOUT_MS: '60000' }, 'UPSTREAM_TIMEOUT_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'production', OCC_BASE_URL: 'https://occ.example' }, 'CTP_API_URL'],
    [{ NODE_ENV: 'production', CTP_API_URL: 'https://api.example' }, 'OCC_BASE_URL'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ METRICS_TOKEN: 'sixteen chars or more, but spaces' }, 'METRICS_TOKEN'],
    // Production in any case needs its upstreams; a value a person reads as production is refused.
    [{ NODE_ENV: 'Production', OCC_BASE_URL: 'https://occ.example' }, 'CTP_API_URL'],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV'],
    [{ CORS_ORIGINS: 'https://shop.example/' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://shop.example, shop.example' }, 'CORS_ORIGINS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('accepts a production configuration with both upstreams and turns introspection off', () => {
    const config = loadConfig({ NODE_ENV: 'production', CTP_API_URL: 'https://api.europe-west1.gcp.commercetools.com/', OCC_BASE_URL: 'https://occ.example' });
    expect(config).toMatchObject({ production: true, introspection: false, ctp: { apiUrl: 'https://api.europe-west1.gcp.commercetools.com' } });
    expect(loadConfig({ NODE_ENV: 'production', CTP_API_URL: 'https://a.example', OCC_BASE_URL: 'https://b.example', INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('takes a metrics token without ever echoing a refused one', () => {
    expect(loadConfig({ METRICS_TOKEN: ' scrape-token-0123456789 ' }).metricsToken).toBe('scrape-token-0123456789');
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'secret-but-with spaces' })).toThrowError(/^(?!.*secret-but).*METRICS_TOKEN/);
  });

  it('refuses to share a Redis in production without an idempotency secret, and never echoes a Redis URL or secret', () => {
    const production = { NODE_ENV: 'production', CTP_API_URL: 'https://a.example', OCC_BASE_URL: 'https://b.example' };
    expect(() => loadConfig({ ...production, REDIS_URL: 'redis://redis.internal:6379' })).toThrowError(/IDEMPOTENCY_SECRET is required when NODE_ENV=production and REDIS_URL is set/);
    const secret = 'a-shared-secret-of-at-least-32-chars!';
    expect(loadConfig({ ...production, REDIS_URL: 'redis://redis.internal:6379', IDEMPOTENCY_SECRET: secret }).idempotency.secret).toBe(secret);
    expect(() => loadConfig({ IDEMPOTENCY_SECRET: 'short-secret' })).toThrowError(/^(?!.*short-secret).*IDEMPOTENCY_SECRET must be at least 32/);
    expect(() => loadConfig({ REDIS_URL: 'redis://:hunter2-password@[bad' })).toThrowError(/^(?!.*hunter2).*REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://redis.internal' })).toThrowError(/REDIS_URL must use redis: or rediss:/);
    // Two development instances on one Redis recognise each other's keys; alone, each picks a random secret.
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).idempotency.secret).toBe(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).idempotency.secret);
    expect(loadConfig({}).idempotency.secret).not.toBe(loadConfig({}).idempotency.secret);
  });
});
