import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createUpstreamConnection } from '../../src/upstreams/http/upstreamConnection.ts';
import { UpstreamTransportError } from '../../src/upstreams/http/upstreamErrors.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage, startStubUpstream } from '../helpers/stubUpstream.ts';

const COOLDOWN_MS = 300;
const LIST = '{ myPayments(first: 1) { nodes { id } } }';
let stack: StubStack;

beforeAll(async () => {
  stack = await startStubStack({ UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_RETRIES: '0', BREAKER_THRESHOLD: '3', BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) });
});

afterAll(async () => {
  expect(await stack.close()).toEqual({ ctOpen: 0, occOpen: 0 });
});

const origin = () => stack.origin;
const code = (res: Awaited<ReturnType<StubStack['gql']>>) => res.body.errors?.[0]?.extensions?.code;

describe('circuit breaker', () => {
  it('opens after repeated failures, fails fast without calling the upstream, shows in /readyz without making it 503, then closes again', async () => {
    expect((await fetch(`${origin()}/readyz`)).status).toBe(200);
    stack.ct.handler = faults.html(503);
    for (let i = 0; i < 3; i++) expect(code(await stack.gql(LIST))).toBe('UPSTREAM_UNAVAILABLE');

    stack.ct.calls.length = 0;
    const started = performance.now();
    const fast = await stack.gql(LIST);
    expect(fast.body.errors?.[0]).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: 'commercetools' } });
    expect(fast.body.errors?.[0]?.message).toMatch(/paused/);
    // No upstream call is the proof; the time only has to be far below a call's deadline (slack for a loaded machine).
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stack.ct.calls).toHaveLength(0);

    // Every instance's circuit opens when commercetools is down: unready, the balancer would have no instance left for
    // Oracle Commerce payments either. The open circuit is reported, and the instance stays in rotation.
    const ready = await fetch(`${origin()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'degraded', openCircuits: ['commercetools'] });
    expect((await fetch(`${origin()}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${origin()}/metrics`)).text()).toMatch(/gateway_upstream_breaker_state\{upstream="commercetools"\} 1/);

    // After the cool-down one probe goes through; its success closes the circuit.
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 20));
    expect(await (await fetch(`${origin()}/readyz`)).json()).toEqual({ status: 'ready' });
    stack.ct.handler = faults.json(200, paymentPage(['back']));
    const probe = await stack.gql(LIST);
    expect(probe.body).toEqual({ data: { myPayments: { nodes: [{ id: 'back' }] } } });
    expect(await (await fetch(`${origin()}/metrics`)).text()).toMatch(/gateway_upstream_breaker_state\{upstream="commercetools"\} 0/);
  });

  it('does not count caller errors (4xx) towards opening', async () => {
    stack.ct.handler = faults.json(404, { statusCode: 404, message: 'not found', errors: [{ code: 'ResourceNotFound', message: 'x' }] });
    for (let i = 0; i < 5; i++) expect(code(await stack.gql('mutation { deleteMyPayment(id: "x", version: 1) { id } }'))).toBe('NOT_FOUND');
    expect((await fetch(`${origin()}/readyz`)).status).toBe(200);
  });

  it('counts an answer (4xx) as the upstream being up: it resets the count, and a probe answered so closes the circuit fully', async () => {
    const notFound = faults.json(404, { statusCode: 404, message: 'not found', errors: [{ code: 'ResourceNotFound', message: 'x' }] });
    const failing = faults.html(500);
    const remove = () => stack.gql('mutation { deleteMyPayment(id: "x", version: 1) { id } }');
    // Closed: two failures, an answer, two failures: never three in a row.
    for (const handler of [failing, failing, notFound, failing, failing]) {
      stack.ct.handler = handler;
      await remove();
    }
    // The breaker's own state, not /readyz: readiness turns back after the cool-down however slow the machine is.
    const state = async () => /gateway_upstream_breaker_state\{upstream="commercetools"\} (\d)/.exec(await (await fetch(`${origin()}/metrics`)).text())?.[1];
    expect(await state()).toBe('0');
    // Opened by a third failure in a row; after the cool-down the probe is answered 404; one failure after it must not reopen.
    await remove();
    expect(await state()).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 20));
    stack.ct.handler = notFound;
    expect(code(await remove())).toBe('NOT_FOUND');
    stack.ct.handler = failing;
    await remove();
    stack.ct.handler = faults.json(200, paymentPage(['up']));
    stack.ct.calls.length = 0;
    expect((await stack.gql(LIST)).body).toEqual({ data: { myPayments: { nodes: [{ id: 'up' }] } } });
    expect(stack.ct.calls).toHaveLength(1);
  });
});

describe('one upstream per pool and breaker', () => {
  it("an open circuit and hung calls on one upstream never slow the other's calls", async () => {
    const down = await startStubUpstream(faults.hang());
    const up = await startStubUpstream(faults.json(200, { ok: true }));
    // Hung calls last the 2 s deadline; the other upstream's 20 calls must finish well before it (1.5 s leaves room for a loaded machine).
    const config = loadConfig({ UPSTREAM_TIMEOUT_MS: '2000', BREAKER_THRESHOLD: '2', BREAKER_COOLDOWN_MS: '60000' });
    const { logger } = createRecordingLogger();
    const metrics = createMetrics({ defaultMetrics: false });
    const occ = createUpstreamConnection({ upstream: 'occ', baseUrl: down.url, config, logger, metrics });
    const ct = createUpstreamConnection({ upstream: 'commercetools', baseUrl: up.url, config, logger, metrics });
    const send = (conn: typeof ct) => conn.http.send({ method: 'GET', path: '/x', headers: {}, endpoint: 'GET /x', requestId: 'r' });
    try {
      const hung = Array.from({ length: 20 }, () => send(occ).catch((error: unknown) => error));
      const started = performance.now();
      const fast = await Promise.all(Array.from({ length: 20 }, () => send(ct)));
      expect(performance.now() - started).toBeLessThan(1500);
      expect(fast.every((res) => res.status === 200)).toBe(true);
      const failures = await Promise.all(hung);
      expect(failures.every((error) => error instanceof UpstreamTransportError && error.failure === 'timeout')).toBe(true);
      expect(occ.resilience.isOpen()).toBe(true);
      expect(ct.resilience.isOpen()).toBe(false);
      await expect(send(occ)).rejects.toMatchObject({ failure: 'circuit-open' });
      expect((await send(ct)).status).toBe(200);
    } finally {
      await Promise.all([occ.close(), ct.close()]);
      await Promise.all([down.close(), up.close()]);
    }
  });
});
