import { spawnSync } from 'node:child_process';
import { ROOT_CONTEXT, SamplingDecision } from '@opentelemetry/api';
import { TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlpReceiver.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { byName, clientTraceparent, outline } from './spanTree.ts';

const LIST = 'query List { myPayments(first: 1) { nodes { id } } }';
const ERROR = 2;

describe('upstream faults in traces', () => {
  let receiver: OtlpReceiver;
  let stack: StubStack;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStubStack({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '20',
      // Ignored with the default sampler (every trace here is the caller's and sampled): the start warns of it.
      OTEL_TRACES_SAMPLER_ARG: '0.01',
      UPSTREAM_RETRIES: '2',
      BREAKER_THRESHOLD: '4',
      BREAKER_COOLDOWN_MS: '60000',
    });
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  async function traced(): Promise<ReturnType<OtlpReceiver['trace']>> {
    const client = clientTraceparent();
    await stack.gql(LIST, { headers: { traceparent: client.header } });
    return receiver.trace(client.traceId);
  }

  it('warns at start that a sampler argument without a ratio sampler is ignored', () => {
    const warnings = stack.logs.map((text) => JSON.parse(text) as Record<string, unknown>).filter((entry) => String(entry.msg).startsWith('OTEL_TRACES_SAMPLER_ARG is ignored'));
    expect(warnings).toEqual([expect.objectContaining({ level: 40, sampler: 'parentbased_always_on' })]);
  });

  it('records retries, the final status, the breaker state and the error code of each fault', async () => {
    let calls = 0;
    stack.ct.handler = (req, res, body) => (++calls <= 2 ? faults.json(503, { statusCode: 503 }) : faults.json(200, paymentPage(['p1'])))(req, res, body);
    const recovered = await traced();
    expect(outline(recovered)).toEqual(['POST /graphql', '  query List', '    Query.myPayments', '      GET /me/payments']);
    expect(byName(recovered, 'GET /me/payments').attributes).toMatchObject({
      'gateway.upstream.attempts': 3,
      'http.request.resend_count': 2,
      'http.response.status_code': 200,
      'gateway.upstream.breaker_state': 'closed',
    });
    expect(byName(recovered, 'query List').status.code ?? 0).not.toBe(ERROR);
    // Each attempt carried the same call span's traceparent.
    expect(new Set(stack.ct.calls.slice(-3).map((call) => call.headers.traceparent)).size).toBe(1);

    stack.ct.handler = faults.json(503, { statusCode: 503 });
    const failed = await traced();
    expect(byName(failed, 'GET /me/payments')).toMatchObject({
      status: { code: ERROR, message: 'HTTP 503' },
      attributes: { 'gateway.upstream.attempts': 3, 'http.response.status_code': 503, 'error.type': '503' },
    });
    expect(byName(failed, 'Query.myPayments')).toMatchObject({ status: { code: ERROR, message: 'UPSTREAM_UNAVAILABLE' } });
    expect(byName(failed, 'query List')).toMatchObject({ status: { code: ERROR, message: 'UPSTREAM_UNAVAILABLE' }, attributes: { 'graphql.error.codes': ['UPSTREAM_UNAVAILABLE'] } });

    // The fourth consecutive failure opens the circuit: the retry meets it open.
    const opening = await traced();
    expect(byName(opening, 'GET /me/payments').attributes).toMatchObject({ 'gateway.upstream.attempts': 1, 'error.type': 'circuit-open', 'gateway.upstream.breaker_state': 'open' });

    const before = stack.ct.calls.length;
    const open = await traced();
    expect(stack.ct.calls.length).toBe(before);
    expect(byName(open, 'GET /me/payments')).toMatchObject({
      status: { code: ERROR, message: 'circuit-open' },
      attributes: { 'gateway.upstream.attempts': 0, 'error.type': 'circuit-open', 'gateway.upstream.breaker_state': 'open' },
    });
  });
});

describe('sampling follows the caller, and an unsampled trace still travels upstream', () => {
  let receiver: OtlpReceiver;
  let stack: StubStack;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStubStack({
      ...receiver.gatewayEnv,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    stack.ct.handler = faults.json(200, paymentPage(['p1']));
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('records a trace the caller sampled even at ratio 0, and nothing of one it did not', async () => {
    const sampled = clientTraceparent(true);
    await stack.gql(LIST, { headers: { traceparent: sampled.header } });
    expect(outline(await receiver.trace(sampled.traceId))).toHaveLength(4);

    const unsampled = clientTraceparent(false);
    const before = stack.ct.calls.length;
    const res = await stack.gql(LIST, { headers: { traceparent: unsampled.header, 'x-request-id': `unsampled-${unsampled.spanId}` } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.ct.calls[before]?.headers.traceparent).toMatch(new RegExp(`^00-${unsampled.traceId}-[0-9a-f]{16}-00$`));
    // The log line still names the trace; no span of it is ever exported.
    const line = stack.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.requestId === `unsampled-${unsampled.spanId}` && entry.msg === 'graphql operation');
    expect(line).toMatchObject({ traceId: unsampled.traceId });
    // A sampled trace sent after it has arrived, so anything of the unsampled one would have too.
    const later = clientTraceparent();
    await stack.gql(LIST, { headers: { traceparent: later.header } });
    await receiver.trace(later.traceId);
    expect(receiver.spans.filter((span) => span.traceId === unsampled.traceId)).toEqual([]);
  });

  it('samples nothing of its own at ratio 0, yet sends the new trace id upstream as not sampled', async () => {
    const before = stack.ct.calls.length;
    await stack.gql(LIST);
    expect(stack.ct.calls[before]?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});

describe('a ratio sampler decides each new trace once', () => {
  let receiver: OtlpReceiver;
  let stack: StubStack;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStubStack({ ...receiver.gatewayEnv, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' });
    stack.ct.handler = faults.json(200, paymentPage(['p1']));
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('samples at the ratio, exactly the trace ids the ratio picks, and records those under the same id', async () => {
    // The gateway decides before it makes a span, then the SDK decides again: both must see the same trace id, or
    // a trace would need to pass both draws (a quarter of them at 0.5).
    const ratio = new TraceIdRatioBasedSampler(0.5);
    const before = stack.ct.calls.length;
    const requests = 400;
    for (let i = 0; i < requests; i++) await stack.gql(LIST);
    const sent = stack.ct.calls.slice(before).map((call) => /^00-([0-9a-f]{32})-[0-9a-f]{16}-0([01])$/.exec(String(call.headers.traceparent)));
    expect(sent.every((match) => match !== null)).toBe(true);
    const picked = sent.map((match) => ratio.shouldSample(ROOT_CONTEXT, match![1]!).decision === SamplingDecision.RECORD_AND_SAMPLED);
    expect(sent.map((match) => match![2] === '1')).toEqual(picked);
    // 400 draws at 0.5: 200 ± 10 sampled; outside 150–250 (5 standard deviations) by chance less than once in a million runs.
    const sampled = picked.filter(Boolean).length;
    expect(sampled).toBeGreaterThanOrEqual(150);
    expect(sampled).toBeLessThanOrEqual(250);
    for (const [i, match] of sent.entries()) {
      if (picked[i]) expect(outline(await receiver.trace(match![1]!))).toHaveLength(4);
    }
    // A trace sent last, of an id the ratio picks (this sampler ignores the caller's flag), has arrived: anything
    // of the unsampled ones would have too.
    let last = clientTraceparent(true);
    while (ratio.shouldSample(ROOT_CONTEXT, last.traceId).decision !== SamplingDecision.RECORD_AND_SAMPLED) last = clientTraceparent(true);
    await stack.gql(LIST, { headers: { traceparent: last.header } });
    await receiver.trace(last.traceId);
    const unsampled = new Set(sent.filter((_, i) => !picked[i]).map((match) => match![1]));
    expect(receiver.spans.filter((span) => unsampled.has(span.traceId))).toEqual([]);
  }, 60_000);
});

describe('tracing off', () => {
  it('sends no traceparent, logs no trace ids, and never loads the OpenTelemetry SDK or an exporter', async () => {
    const stack = await startStubStack();
    try {
      stack.ct.handler = faults.json(200, paymentPage(['p1']));
      await stack.gql(LIST, { headers: { traceparent: clientTraceparent().header } });
      expect(stack.ct.calls[0]?.headers.traceparent).toBeUndefined();
      expect(stack.logs.filter((line) => line.includes('"traceId"'))).toEqual([]);
    } finally {
      await stack.close();
    }
    // A fresh process: start a gateway without OTEL_* and serve one request, then list the loaded modules.
    const script = `
      import { createRequire } from 'node:module';
      const { loadConfig } = await import('./src/config.ts');
      const { startGateway } = await import('./src/server.ts');
      const { createLogger } = await import('./src/observability/logger.ts');
      const gateway = await startGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { commercetoolsApiUrl: 'http://127.0.0.1:9', occBaseUrl: 'http://127.0.0.1:9' }, createLogger({ level: 'silent' }));
      // With a token, so the call reaches the upstream client (nothing listens there: UPSTREAM_UNAVAILABLE).
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: '{"query":"{ myPaymentExists(id: \\\\"x\\\\") }"}' });
      const code = (await res.json()).errors?.[0]?.extensions?.code;
      await gateway.close();
      console.log(JSON.stringify(code));
      // @opentelemetry/api alone is fine: prom-client loads it when installed (a no-op API for its exemplars).
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('@opentelemetry/') && !path.includes('@opentelemetry/api/'));
      console.log(JSON.stringify(loaded));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '' } });
    expect(child.stderr).toBe('');
    const [code, loaded] = child.stdout.trim().split('\n').slice(-2).map((line) => JSON.parse(line) as unknown);
    expect(code).toBe('UPSTREAM_UNAVAILABLE');
    expect(loaded).toEqual([]);
  });
});
