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
});
