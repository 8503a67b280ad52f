import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv, testRedisUrl } from '../helpers/testRedis.ts';
import { approving, declining, PAY, payInput } from '../idempotency/occStub.ts';

/**
 * The limits of one request are checked with their Redis round trips at once (for latency), yet count exactly as
 * if checked one after the other: a refusal leaves no point taken by a later check (nor, for a card attempt, by an
 * earlier one). Read from the counters in Redis themselves.
 */
describe('rate limit checks sent at once count as checked in order', () => {
  let occ: StubUpstream;
  let redis: Redis;
  const gateways: GatewayUnderTest[] = [];

  beforeAll(async () => {
    occ = await startStubUpstream(approving());
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  });
  afterAll(async () => {
    redis.disconnect();
    await occ.close();
  });

  /** Every rate-limit counter of this gateway by limit name (one key per counted address, credential or order). */
  const counters = async (prefix: string): Promise<Record<string, number[]>> => {
    const keys = await redis.keys(`${prefix}rl:*`);
    const out: Record<string, number[]> = {};
    for (const key of keys.sort()) {
      const name = /rl:([a-z_]+):/.exec(key)?.[1] ?? key;
      (out[name] ??= []).push(Number(await redis.get(key)));
    }
    return out;
  };
  const start = async (env: Record<string, string>) => {
    const shared = redisEnv();
    const gateway = await startGatewayAgainst({ occBaseUrl: occ.url }, { ...shared, ...env });
    gateways.push(gateway);
    return { gateway, prefix: shared.REDIS_KEY_PREFIX! };
  };

  it('an address refusal takes no point from the caller limit', async () => {
    const { gateway, prefix } = await start({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2', RATE_LIMIT_PER_CALLER_PER_MINUTE: '100' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await gateway.gql('{ __typename }', { token: 'caller-token-1' })).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    // Five asked at the address (a refused consume counts, as rate-limiter-flexible does); two reached the caller limit.
    expect(await counters(prefix)).toEqual({ address: [5], caller: [2] });
  });

  it('a refused card attempt reserves nothing on the other limit', async () => {
    occ.handler = declining;
    const { gateway, prefix } = await start({ CARD_FAILURES_PER_ORDER: '1', CARD_FAILURES_PER_CALLER: '100' });
    const pay = () => gateway.gql(PAY, { occToken: 'agent-token-1', variables: { input: payInput('o-2001') } });
    expect((await pay()).body.errors?.[0]?.extensions?.code).toBe('PAYMENT_DECLINED');
    expect((await pay()).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const after = await counters(prefix);
    // The declined attempt keeps its points; the refused one took its order's point (refused) and gave the caller's back.
    expect(after.card_failures_order).toEqual([2]);
    expect(after.card_failures_caller).toEqual([1]);
  });

  it('a caller refusal gives the order its point back', async () => {
    occ.handler = declining;
    const { gateway, prefix } = await start({ CARD_FAILURES_PER_ORDER: '100', CARD_FAILURES_PER_CALLER: '1' });
    const pay = (orderId: string) => gateway.gql(PAY, { occToken: 'agent-token-2', variables: { input: payInput(orderId) } });
    expect((await pay('o-3001')).body.errors?.[0]?.extensions?.code).toBe('PAYMENT_DECLINED');
    expect((await pay('o-3002')).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const after = await counters(prefix);
    // Two orders counted; the second one's reservation went back when the caller limit refused.
    expect(after.card_failures_order?.sort()).toEqual([0, 1]);
    expect(after.card_failures_caller).toEqual([2]);
  });
});
