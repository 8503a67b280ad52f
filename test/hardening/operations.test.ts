import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { expectNoSecrets } from './secrets.ts';

const SANDBOX = 'https://studio.apollographql.com';
let stack: StubStack;

beforeAll(async () => {
  stack = await startStubStack();
  stack.ct.handler = faults.json(200, paymentPage(['p-1', 'p-2']));
});

afterAll(async () => {
  expect(await stack.close()).toEqual({ ctOpen: 0, occOpen: 0 });
  expectNoSecrets(stack.logs);
});

describe('health and readiness', () => {
  it('/healthz and /readyz answer 200 with JSON while serving', async () => {
    const live = await fetch(`${stack.origin}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${stack.origin}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});

describe('request id', () => {
  it('takes x-request-id, returns it and sends it upstream as X-Correlation-ID; one log line per operation', async () => {
    stack.ct.calls.length = 0;
    const res = await stack.gql('query ListMine { myPayments(first: 2) { nodes { id } } }', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(stack.ct.calls[0]?.headers['x-correlation-id']).toBe('req-abc-123');
    const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.requestId === 'req-abc-123' && l.msg === 'graphql operation');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationName: 'ListMine', errorCodes: [], level: 30 });
    expect(typeof lines[0]?.ms).toBe('number');
  });

  it('makes one when none (or an unsafe one) is given', async () => {
    const res = await stack.gql('{ myPayment(id: "p-1") { id } }', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('masking', () => {
  it('an unexpected error is INTERNAL_SERVER_ERROR with the request id, no internals, no stack', async () => {
    stack.ct.handler = faults.json(200, { ...(paymentPage(['p-9']) as object), results: [{ id: 'p-9', amountPlanned: {}, transactions: 'not-a-list' }] });
    const res = await stack.gql('{ myPayments(first: 1) { nodes { id transactions { id } } } }', { headers: { 'x-request-id': 'req-mask-1' } });
    stack.ct.handler = faults.json(200, paymentPage(['p-1', 'p-2']));
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-mask-1' } });
    expect(res.text).not.toMatch(/stacktrace|Iterable|at .*\.ts/);
    expect(stack.logs.some((line) => line.includes('req-mask-1') && line.includes('unexpected error'))).toBe(true);
  });
});

describe('metrics', () => {
  it('exposes operations by name and outcome, error codes, upstream latency, batch sizes and breaker state', async () => {
    await stack.gql('query Two { a: myPayment(id: "p-1") { id } b: myPayment(id: "p-2") { id } }');
    await stack.gql('query Broken { myPayments(first: 1, last: 1) { nodes { id } } }');
    await stack.gql('query Pay4000056655001117 { myPayment(id: "p-1") { id } }');
    const res = await fetch(`${stack.origin}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/gateway_graphql_operations_total\{operation="Two",outcome="success"\} 1/);
    expect(text).toMatch(/gateway_graphql_operations_total\{operation="Broken",outcome="error"\} 1/);
    // A caller's name is masked in the label as on the log line.
    expect(text).toMatch(/gateway_graphql_operations_total\{operation="Pay400005\*\*\*\*\*\*1117",outcome="success"\} 1/);
    expect(text).not.toContain('4000056655001117');
    expect(text).toMatch(/gateway_graphql_errors_total\{code="BAD_USER_INPUT"\} \d+/);
    expect(text).toMatch(/gateway_upstream_request_duration_seconds_count\{upstream="commercetools",endpoint="GET \/me\/payments",status="200"\} \d+/);
    expect(text).toMatch(/gateway_dataloader_batch_size_bucket\{le="2",loader="paymentById"\} [1-9]/);
    expect(text).toMatch(/gateway_upstream_breaker_state\{upstream="commercetools"\} 0/);
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('folds unbounded client-chosen operation names into a bounded label set', async () => {
    await stack.gql('query Weird_Name_That_Is_Fine { __typename }');
    const text = await (await fetch(`${stack.origin}/metrics`)).text();
    expect(text).toMatch(/operation="Weird_Name_That_Is_Fine"/);
  });
});

describe('CORS', () => {
  it("answers the Sandbox origin's preflight with 204 and the allow headers (default outside production)", async () => {
    const res = await fetch(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: SANDBOX, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SANDBOX);
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type,authorization');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('lets a browser app read the request id, a replay and a refusal\'s Retry-After', async () => {
    const post = await stack.gql('{ __typename }', { headers: { origin: SANDBOX } });
    expect(post.headers.get('access-control-expose-headers')?.split(/,\s*/).sort()).toEqual(['idempotent-replayed', 'retry-after', 'x-request-id']);
  });

  it('gives other origins no CORS headers', async () => {
    const res = await fetch(stack.gateway.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await stack.gql('{ __typename }', { headers: { origin: 'https://evil.example' } });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention on: a simple text/plain POST is refused', async () => {
    const res = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(400);
  });
});

describe('production', () => {
  const PROD = { NODE_ENV: 'production', CTP_API_URL: 'http://127.0.0.1:9', OCC_BASE_URL: 'http://127.0.0.1:9' };

  it('turns introspection and field suggestions off, and allows no CORS origin by default', async () => {
    const prod = await startStubStack(PROD);
    try {
      const intro = await prod.gql('{ __schema { queryType { name } } }');
      expect(intro.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const typo = await prod.gql('{ myPaymnt(id: "1") { id } }');
      expect(typo.text).not.toMatch(/Did you mean/);
      // Nor in the errors of variables: an enum value or an input field a caller mistyped.
      const enumTypo = await prod.gql('mutation ($input: AddOrderPaymentsInput!) { addOrderPayments(input: $input) { orderId } }', {
        variables: { input: { orderId: 'o1', payments: [{ paymentMethodType: 'CRAD', amount: '1.00' }] } },
      });
      const fieldTypo = await prod.gql('query ($b: MyPaymentLookup!) { myPaymentExists(by: $b) }', { variables: { b: { idd: 'x' } } });
      for (const res of [enumTypo, fieldTypo, enumTypo]) {
        expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.text).not.toMatch(/Did you mean/);
      }
      const pre = await fetch(prod.gateway.url, { method: 'OPTIONS', headers: { origin: SANDBOX, 'access-control-request-method': 'POST' } });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await prod.close();
    }
  });

  it('INTROSPECTION=true turns introspection back on', async () => {
    const prod = await startStubStack({ ...PROD, INTROSPECTION: 'true', CORS_ORIGINS: `${SANDBOX}, https://admin.example` });
    try {
      const intro = await prod.gql('{ __schema { queryType { name } } }');
      expect(intro.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      const pre = await fetch(prod.gateway.url, { method: 'OPTIONS', headers: { origin: 'https://admin.example', 'access-control-request-method': 'POST' } });
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    } finally {
      await prod.close();
    }
  });
});

describe('metrics access', () => {
  const token = 'metrics-scrape-token-4f1c9a';
  let guarded: StubStack;
  beforeAll(async () => {
    guarded = await startStubStack({ METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await guarded.close();
    expect(guarded.logs.join('\n')).not.toContain(token);
  });

  it('with METRICS_TOKEN set, answers only that bearer token; everything else gets 401 and no metrics', async () => {
    const scrape = (authorization?: string) => fetch(`${guarded.origin}/metrics`, { headers: authorization === undefined ? {} : { authorization } });
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`]) {
      const refused = await scrape(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = (await refused.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    const allowed = await scrape(`Bearer ${token}`);
    expect(allowed.status).toBe(200);
    // The scheme in any case, as HTTP has it.
    expect((await scrape(`bearer ${token}`)).status).toBe(200);
    expect(await allowed.text()).toMatch(/gateway_upstream_breaker_state\{upstream="commercetools"\} 0/);
    // Health stays open: probes carry no credentials.
    expect((await fetch(`${guarded.origin}/healthz`)).status).toBe(200);
  });
});

describe('metrics in production', () => {
  const PROD = { NODE_ENV: 'production', CTP_API_URL: 'http://127.0.0.1:9', OCC_BASE_URL: 'http://127.0.0.1:9' };

  it('without METRICS_TOKEN, /metrics is closed: 403 FORBIDDEN saying how to open it, and no metrics', async () => {
    const prod = await startStubStack(PROD);
    try {
      const res = await fetch(`${prod.origin}/metrics`);
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).not.toMatch(/gateway_|process_/);
      const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0]?.message).toMatch(/METRICS_TOKEN.*METRICS_PUBLIC=true/);
      // Its own wording intact: nothing in it reads as a credential to the log's masking.
      expect(prod.logs.some((line) => line.includes('/metrics is closed') && !line.includes('[REDACTED]'))).toBe(true);
      // Probes stay open.
      expect((await fetch(`${prod.origin}/readyz`)).status).toBe(200);
    } finally {
      await prod.close();
    }
  });

  it('METRICS_PUBLIC=true opens it on purpose', async () => {
    const prod = await startStubStack({ ...PROD, METRICS_PUBLIC: 'true' });
    try {
      const res = await fetch(`${prod.origin}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/gateway_upstream_breaker_state\{upstream="commercetools"\} 0/);
    } finally {
      await prod.close();
    }
  });

  it('refuses METRICS_PUBLIC=true together with METRICS_TOKEN: one of them would be ignored', () => {
    expect(() => loadConfig({ METRICS_PUBLIC: 'true', METRICS_TOKEN: 'metrics-scrape-token-4f1c9a' })).toThrowError(/METRICS_PUBLIC/);
    expect(loadConfig({ ...PROD }).metricsPublic).toBe(false);
    expect(loadConfig({}).metricsPublic).toBe(true);
  });
});

describe('upstream base URLs', () => {
  it('keeps a path in an upstream base URL in front of every call, query string intact', async () => {
    const proxied = await startStubStack({}, '/proxy/ct-api/');
    try {
      proxied.ct.handler = faults.json(200, paymentPage(['p-1']));
      const res = await proxied.gql('{ myPayment(id: "p-1") { id } }');
      expect(res.body).toEqual({ data: { myPayment: { id: 'p-1' } } });
      expect(proxied.ct.calls.map((call) => call.url)).toEqual(['/proxy/ct-api/stub-project/me/payments?where=id+in+%3Aids&var.ids=p-1&limit=1&offset=0&withTotal=false']);
    } finally {
      await proxied.close();
    }
  });
});
