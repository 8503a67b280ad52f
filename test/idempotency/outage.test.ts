import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEntries } from '../helpers/redisEntries.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { until } from '../helpers/until.ts';
import { approving, PAY, payInput } from './occStub.ts';

/** A Redis of this file's own, so stopping it touches no other test. */
describe('when Redis goes away and comes back', () => {
  let redis: RedisServer;
  let occ: StubUpstream;
  let gateway: GatewayUnderTest;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedisServer();
    occ = await startStubUpstream(approving());
    env = redisEnv(redis.url);
    gateway = await startGatewayAgainst({ occBaseUrl: occ.url }, { ...env, REDIS_TIMEOUT_MS: '200', REDIS_SLOW_COOLDOWN_MS: '100' });
  });
  afterAll(async () => {
    await gateway.close();
    await occ.close();
    await redis.stop();
  });

  const base = () => new URL(gateway.gateway.url).origin;
  const pay = (key?: string) => gateway.gql(PAY, { occToken: 'agent-1', variables: { input: payInput(), key } });
  const readiness = async () => {
    const res = await fetch(`${base()}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; stores?: Record<string, string> } };
  };
  const storeUp = async () => /gateway_store_up\{store="redis"\} (\d)/.exec(await (await fetch(`${base()}/metrics`)).text())?.[1];

  it('keyed mutations fail closed with no upstream call, everything else keeps working, and it recovers by itself', async () => {
    expect((await pay(randomUUID())).body.errors).toBeUndefined();
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready', stores: { redis: 'ready' } } });
    expect(await storeUp()).toBe('1');

    await redis.stop();
    occ.calls.length = 0;
    const refused = await pay(randomUUID());
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'IDEMPOTENCY_UNAVAILABLE', retryable: true });
    expect(occ.calls).toHaveLength(0);
    // Without a key nothing depends on Redis; the instance stays ready (every instance shares the same Redis).
    expect((await pay()).body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(1);
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready', stores: { redis: 'down' } } });
    expect(await storeUp()).toBe('0');
    expect(gateway.logs.some((line) => line.includes('redis unavailable'))).toBe(true);

    await redis.start();
    await until(async () => (await readiness()).body.stores?.redis === 'ready', 'Redis to be ready again', 10_000);
    const key = randomUUID();
    const first = await pay(key);
    const replay = await pay(key);
    expect(first.body.errors).toBeUndefined();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(occ.calls).toHaveLength(2);
    expect(await storeUp()).toBe('1');
  });

  it('closes its Redis connection at shutdown without warning that Redis is unavailable', async () => {
    const own = await startGatewayAgainst({ occBaseUrl: occ.url }, redisEnv(redis.url));
    await until(async () => own.logs.some((line) => line.includes('redis connected')), 'the new gateway to reach Redis');
    const admin = new Redis(redis.url);
    try {
      const clients = async () => String(await admin.call('CLIENT', 'LIST')).trim().split('\n').length;
      const open = await clients();
      await own.close();
      // The connection's last events come as Redis drops it: wait until it has, and a turn more for them to be handled.
      await until(async () => (await clients()) < open, "the gateway's Redis connection to close");
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      admin.disconnect();
    }
    expect(own.logs.filter((line) => line.includes('redis unavailable'))).toEqual([]);
  });

  it('takes back a claim that timed out but landed late: the retry runs once the store answers, never OUTCOME_UNKNOWN', async () => {
    const admin = new Redis(redis.url);
    try {
      occ.calls.length = 0;
      const key = randomUUID();
      // Earlier payments left their orders' key marks, which stay in flight by design.
      const inFlight = async () => (await redisEntries(redis.url, `${env.REDIS_KEY_PREFIX}idem:`)).filter((entry) => entry.includes('"in-flight"'));
      const marks = (await inFlight()).length;
      // Writes wait until UNPAUSE (reads and UNPAUSE itself do not): the claim times out (REDIS_TIMEOUT_MS 200), then lands.
      await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
      let refused;
      try {
        refused = await pay(key);
      } finally {
        await admin.call('CLIENT', 'UNPAUSE');
      }
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'IDEMPOTENCY_UNAVAILABLE', retryable: true });
      // The late claim, then its release queued behind it: no record stays for a call never sent.
      await until(async () => (await inFlight()).length === marks, 'the late claim to be released', 10_000);
      // Three commands timed out (two rate-limit checks and the claim): Redis is skipped for REDIS_SLOW_COOLDOWN_MS.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const retried = await pay(key);
      expect(retried.body.errors).toBeUndefined();
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect(occ.calls).toHaveLength(1);
    } finally {
      admin.disconnect();
    }
  });
});
