import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { until } from '../helpers/until.ts';
import { approving, PAY, payInput } from './occStub.ts';

const TIMEOUT_MS = 2000;
// Long enough for every check of the skipped phase on a loaded machine; the recovery below waits it out.
const COOLDOWN_MS = 5000;

/**
 * A Redis that is up but does not answer in time (failover, overload): after a few commands time out it is skipped
 * for a while, so requests stop waiting REDIS_TIMEOUT_MS each. A Redis of this file's own, paused with CLIENT PAUSE.
 */
describe('when Redis answers too slowly', () => {
  let redis: RedisServer;
  let admin: Redis;
  let occ: StubUpstream;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    occ = await startStubUpstream(approving());
    gateway = await startGatewayAgainst({ occBaseUrl: occ.url }, { ...redisEnv(redis.url), REDIS_TIMEOUT_MS: String(TIMEOUT_MS), REDIS_SLOW_COOLDOWN_MS: String(COOLDOWN_MS) });
    await until(async () => gateway.logs.some((line) => line.includes('redis connected')), 'the gateway to reach its Redis');
  });
  afterAll(async () => {
    await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    admin.disconnect();
    await gateway.close();
    await occ.close();
    await redis.stop();
  });

  const base = () => new URL(gateway.gateway.url).origin;
  const redisState = async () => ((await (await fetch(`${base()}/readyz`)).json()) as { stores: { redis: string } }).stores.redis;
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    return { result, ms: performance.now() - started };
  };
  // Every request counts against its address and its credential: two rate-limit scripts, both writes.
  const query = () => gateway.gql('{ __typename }', { occToken: 'agent-1' });
  const pay = (key: string) => gateway.gql(PAY, { occToken: 'agent-1', variables: { input: payInput(), key } });

  it('skips a Redis whose commands time out: requests stop waiting for it, keyed payments fail closed at once, and it is used again once it answers', async () => {
    expect(await redisState()).toBe('ready');
    // Writes (every script here) wait until UNPAUSE; the connection's reads, and UNPAUSE itself, do not.
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      // Each of these waits for its rate-limit checks to time out, then is limited in memory instead.
      const waited = await Promise.all([query(), query()].map((request) => timed(() => request)));
      for (const { result, ms } of waited) {
        expect(result.body).toEqual({ data: { __typename: 'Query' } });
        expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      }
      expect(await redisState()).toBe('slow');
      expect(gateway.logs.some((line) => line.includes('redis too slow'))).toBe(true);

      // Skipped: no request waits for the timeout any more (each waited for it before the skip).
      for (let i = 0; i < 3; i++) {
        const { result, ms } = await timed(query);
        expect(result.body).toEqual({ data: { __typename: 'Query' } });
        expect(ms).toBeLessThan(TIMEOUT_MS);
      }
      occ.calls.length = 0;
      const { result: refused, ms } = await timed(() => pay(randomUUID()));
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'IDEMPOTENCY_UNAVAILABLE', retryable: true });
      expect(ms).toBeLessThan(TIMEOUT_MS);
      expect(occ.calls).toHaveLength(0);

      // After the cool-down one command tries Redis again (and waits for its timeout); the others meanwhile do not.
      await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
      const trial = timed(query);
      await until(async () => gateway.logs.some((line) => line.includes('redis tried again')), 'the trial command to be sent');
      const during = await timed(query);
      expect(during.result.body).toEqual({ data: { __typename: 'Query' } });
      // Waiting for the trial would take nearly TIMEOUT_MS.
      expect(during.ms).toBeLessThan(TIMEOUT_MS - 500);
      expect((await trial).ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(await redisState()).toBe('slow');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }

    // Once it answers again, a request after the cool-down finds it in time, and keys work across requests again.
    await until(async () => (await query(), (await redisState()) === 'ready'), 'Redis to be used again', COOLDOWN_MS + 10_000);
    const key = randomUUID();
    const first = await pay(key);
    const replay = await pay(key);
    expect(first.body.errors).toBeUndefined();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(occ.calls).toHaveLength(1);
  }, 60_000);
});
