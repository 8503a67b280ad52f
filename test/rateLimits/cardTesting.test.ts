import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { approving, CARD, declining, PAY, payInput } from '../idempotency/occStub.ts';

/** The documented defaults, which the other suites raise (test/helpers/testEnv.ts). */
const DEFAULT_CARD_LIMITS = { CARD_FAILURES_PER_ORDER: '10', CARD_FAILURES_PER_CALLER: '30', CARD_FAILURE_WINDOW_SECONDS: '600' };

/** Card testing: a stolen-card list tried against orders, from one agent, through two instances sharing Redis. */
describe('failed card attempts are limited per caller and per order, across instances', () => {
  let occ: StubUpstream;
  let a: GatewayUnderTest;
  let b: GatewayUnderTest;

  beforeAll(async () => {
    occ = await startStubUpstream(declining);
    const shared = { ...redisEnv(), ...DEFAULT_CARD_LIMITS };
    a = await startGatewayAgainst({ occBaseUrl: occ.url }, shared);
    b = await startGatewayAgainst({ occBaseUrl: occ.url }, shared);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await occ.close();
  });

  it('200 declined attempts from one caller over many orders make at most 30 upstream calls; the rest are 429 RATE_LIMITED', async () => {
    occ.handler = declining;
    occ.calls.length = 0;
    const agent = `agent-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 200; i++) {
      const gateway = i % 2 === 0 ? a : b;
      results.push(await gateway.gql(PAY, { occToken: agent, variables: { input: payInput(`o-${i % 40}`) } }));
    }
    expect(occ.calls.length).toBe(30);
    const limited = results.filter((res) => res.status === 429);
    expect(limited).toHaveLength(170);
    for (const res of limited) {
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      const seconds = Number(res.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(600);
      expect(res.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(seconds);
    }
    const declined = results.filter((res) => res.body.errors?.[0]?.extensions?.code === 'PAYMENT_DECLINED');
    expect(declined).toHaveLength(30);
  });

  it('at most 10 failed attempts per order, whoever the caller', async () => {
    occ.handler = declining;
    occ.calls.length = 0;
    const order = `o-${randomUUID()}`;
    const codes = [];
    for (let i = 0; i < 25; i++) {
      const res = await (i % 2 === 0 ? a : b).gql(PAY, { occToken: `agent-${i % 5}-${order}`, variables: { input: payInput(order) } });
      codes.push(res.body.errors?.[0]?.extensions?.code);
    }
    expect(occ.calls).toHaveLength(10);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('card details the gateway refuses count against their caller only: an unchecked token cannot lock an order', async () => {
    occ.handler = approving();
    occ.calls.length = 0;
    const order = `o-${randomUUID()}`;
    const prober = `agent-${randomUUID()}`;
    const refuse = () => a.gql(PAY, { occToken: prober, variables: { input: payInput(order, '10.00', { ...CARD, number: '4111111111111112' }) } });
    for (let i = 0; i < 30; i++) expect((await refuse()).body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.payments[0].card.number' });
    // The order's real agent still pays (its token is another caller's; the order's allowance is untouched)...
    const real = await b.gql(PAY, { occToken: `agent-${randomUUID()}`, variables: { input: payInput(order) } });
    expect(real.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(1);
    // ...while the caller that sent 30 refused cards is over its own limit.
    const over = await refuse();
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('successful payments never use up the allowance', async () => {
    occ.handler = approving();
    occ.calls.length = 0;
    const order = `o-${randomUUID()}`;
    for (let i = 0; i < 15; i++) {
      const res = await (i % 2 === 0 ? a : b).gql(PAY, { occToken: 'agent-good', variables: { input: payInput(order) } });
      expect(res.body.errors).toBeUndefined();
    }
    expect(occ.calls).toHaveLength(15);
  });
});

describe('request limits per client address and per credential', () => {
  let occ: StubUpstream;
  beforeAll(async () => {
    occ = await startStubUpstream(approving());
  });
  afterAll(() => occ.close());

  it('answers 429 with Retry-After past the per-address limit, before any upstream call, and counts X-Forwarded-For only behind TRUST_PROXY', async () => {
    const direct = await startGatewayAgainst({ occBaseUrl: occ.url }, { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5' });
    const proxied = await startGatewayAgainst({ occBaseUrl: occ.url }, { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5', TRUST_PROXY: '1' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await direct.gql('{ __typename }', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      occ.calls.length = 0;
      const refused = await direct.gql(PAY, { occToken: 'agent-1', variables: { input: payInput() } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers.get('retry-after')) });
      expect(refused.headers.get('x-request-id')).toBeTruthy();
      expect(occ.calls).toHaveLength(0);

      // Behind one trusted proxy, each forwarded address has its own allowance.
      for (let i = 0; i < 7; i++) expect((await proxied.gql('{ __typename }', { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status).toBe(200);
      const sameClient = [];
      for (let i = 0; i < 6; i++) sameClient.push((await proxied.gql('{ __typename }', { headers: { 'x-forwarded-for': '198.51.100.200' } })).status);
      expect(sameClient).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await Promise.all([direct.close(), proxied.close()]);
    }
  });

  it('limits each credential on its own, shared through Redis', async () => {
    const env = { ...redisEnv(), RATE_LIMIT_PER_CALLER_PER_MINUTE: '3' };
    const a = await startGatewayAgainst({ occBaseUrl: occ.url }, env);
    const b = await startGatewayAgainst({ occBaseUrl: occ.url }, env);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await (i % 2 === 0 ? a : b).gql('{ __typename }', { token: 'shopper-1' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await a.gql('{ __typename }', { token: 'shopper-2' })).status).toBe(200);
      expect((await a.gql('{ __typename }')).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
