import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage, type StubHandler } from '../helpers/stubUpstream.ts';
import { expectNoSecrets } from './secrets.ts';

const DEADLINE_MS = 500;
/** The deadline plus slack for a loaded 2-core machine: a fault must end by then, never hang the client (a hang is 30 s+). */
const WITHIN_MS = DEADLINE_MS + 2000;
const LIST = '{ myPayments(first: 2) { edges { node { id } } } }';
const DELETE = 'mutation { deleteMyPayment(id: "p-1", version: 1) { id } }';

let stack: StubStack;

beforeAll(async () => {
  // A high threshold keeps the breaker out of these cases; breaker.test.ts covers it.
  stack = await startStubStack({ UPSTREAM_TIMEOUT_MS: String(DEADLINE_MS), BREAKER_THRESHOLD: '1000' });
});

afterAll(async () => {
  expect(await stack.close()).toEqual({ ctOpen: 0, occOpen: 0 });
  expectNoSecrets(stack.logs);
});

async function timed(query: string): Promise<{ code: unknown; retryable: unknown; status: number; ms: number; errors: number }> {
  const started = performance.now();
  const res = await stack.gql(query);
  const errors = res.body.errors ?? [];
  return { code: errors[0]?.extensions?.code, retryable: errors[0]?.extensions?.retryable, status: res.status, ms: performance.now() - started, errors: errors.length };
}

/** After any fault the very next request works: nothing stuck, no poisoned pool. */
async function expectHealthyAfter(): Promise<void> {
  stack.ct.handler = faults.json(200, paymentPage(['ok-1']));
  const res = await stack.gql(LIST);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data).toEqual({ myPayments: { edges: [{ node: { id: 'ok-1' } }] } });
}

const cases: Array<{ name: string; handler: () => StubHandler; code: string; retried: boolean }> = [
  { name: 'hangs', handler: faults.hang, code: 'UPSTREAM_UNAVAILABLE', retried: false },
  { name: 'resets the connection', handler: faults.reset, code: 'UPSTREAM_UNAVAILABLE', retried: true },
  { name: 'answers 502 with HTML', handler: () => faults.html(502), code: 'UPSTREAM_UNAVAILABLE', retried: true },
  { name: 'answers 503 with HTML', handler: () => faults.html(503), code: 'UPSTREAM_UNAVAILABLE', retried: true },
  { name: 'answers 500 with HTML', handler: () => faults.html(500), code: 'UPSTREAM_ERROR', retried: false },
  { name: 'sends truncated JSON', handler: faults.truncated, code: 'UPSTREAM_ERROR', retried: false },
  { name: 'cuts the body mid-way', handler: faults.cutMidBody, code: 'UPSTREAM_UNAVAILABLE', retried: true },
  { name: 'sends wrong-shaped JSON', handler: faults.wrongShape, code: 'UPSTREAM_ERROR', retried: false },
  { name: 'trickles the body', handler: () => faults.trickle(50), code: 'UPSTREAM_UNAVAILABLE', retried: false },
];

describe('a query (GET upstream) when the upstream misbehaves', () => {
  for (const fault of cases) {
    it(`${fault.name} → ${fault.code} within the deadline, then serves the next request`, async () => {
      stack.ct.calls.length = 0;
      stack.ct.handler = fault.handler();
      const result = await timed(LIST);
      expect(result.status).toBe(200);
      expect(result.code).toBe(fault.code);
      expect(result.ms).toBeLessThan(WITHIN_MS);
      // GET is retried on resets and 502/503, a bounded number of times (UPSTREAM_RETRIES=2 → 3 attempts).
      expect(stack.ct.calls.length).toBe(fault.retried ? 3 : 1);
      await expectHealthyAfter();
    });
  }

  it('returns retryable: true and names the upstream, with no upstream body or URL in the message', async () => {
    stack.ct.handler = faults.html(503);
    const res = await stack.gql(LIST);
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'commercetools', retryable: true });
    expect(res.text).not.toMatch(/nginx|10\.0\.0\.12|127\.0\.0\.1|stack/i);
    await expectHealthyAfter();
  });

  it('honours Retry-After: waits as told, then succeeds', async () => {
    stack.ct.calls.length = 0;
    let first = true;
    stack.ct.handler = (req, res, body) => {
      if (first) {
        first = false;
        return faults.json(429, { statusCode: 429, message: 'slow down' }, { 'retry-after': '0.2' })(req, res, body);
      }
      faults.json(200, paymentPage(['after-wait']))(req, res, body);
    };
    const started = performance.now();
    const res = await stack.gql(LIST);
    expect(res.body.data).toEqual({ myPayments: { edges: [{ node: { id: 'after-wait' } }] } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(stack.ct.calls.length).toBe(2);
  });

  it('does not wait for a Retry-After beyond the deadline: answers at once', async () => {
    stack.ct.calls.length = 0;
    stack.ct.handler = faults.json(503, { statusCode: 503, message: 'maintenance' }, { 'retry-after': '30' });
    const result = await timed(LIST);
    expect(result.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(result.ms).toBeLessThan(DEADLINE_MS);
    expect(stack.ct.calls.length).toBe(1);
  });
});

describe('a mutation (POST/DELETE upstream) is never retried, and a failure after sending is an unknown outcome', () => {
  for (const fault of [
    { name: 'reset', handler: faults.reset, code: 'OUTCOME_UNKNOWN' },
    { name: '503 from a proxy', handler: () => faults.html(503), code: 'OUTCOME_UNKNOWN' },
    { name: 'hang', handler: faults.hang, code: 'OUTCOME_UNKNOWN' },
    { name: '429', handler: () => faults.json(429, { statusCode: 429, message: 'slow down' }), code: 'UPSTREAM_UNAVAILABLE' },
  ]) {
    it(`${fault.name} → ${fault.code} after exactly one upstream call`, async () => {
      stack.ct.calls.length = 0;
      stack.ct.handler = fault.handler();
      const result = await timed(DELETE);
      expect(result.code).toBe(fault.code);
      expect(result.retryable).toBe(fault.code === 'UPSTREAM_UNAVAILABLE');
      expect(result.ms).toBeLessThan(WITHIN_MS);
      expect(stack.ct.calls.map((call) => call.method)).toEqual(['DELETE']);
      await expectHealthyAfter();
    });
  }
});

describe('sockets', () => {
  it('hung upstream calls do not pile up sockets: the pool stays bounded and reusable', async () => {
    stack.ct.handler = faults.hang();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(Array.from({ length: 5 }, () => timed(LIST)));
      expect(results.map((result) => result.code)).toEqual(Array(5).fill('UPSTREAM_UNAVAILABLE'));
    }
    // 15 hung calls, yet no more sockets than a couple of rounds need.
    expect(stack.ct.openConnections()).toBeLessThanOrEqual(10);
    await expectHealthyAfter();
  });
});
