import { Redis } from 'ioredis';
import { startSecretAudit } from './secretAudit.ts';
import { REDIS_MISSING, startRedisServer } from './helpers/redisServer.ts';

/**
 * vitest globalSetup: a real Redis for the whole run (REDIS_URL when set, otherwise a redis-server of the suite's
 * own on a free port), and the suite-wide secret audit over log lines and Redis contents at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // vitest runs a global setup per project too (test/vitest.config.ts has one per engine): the first one serves all.
  if (process.env.GATEWAY_TEST_REDIS_URL !== undefined) return async () => {};
  const redis = await provideRedis();
  process.env.GATEWAY_TEST_REDIS_URL = redis.url;
  const audit = startSecretAudit();
  return async () => {
    try {
      await audit.finish(redis.url);
    } finally {
      await redis.stop();
    }
  };
}

async function provideRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.REDIS_URL;
  if (given === undefined || given === '') return startRedisServer();
  const client = new Redis(given, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`REDIS_URL is set but Redis does not answer there (${(error as Error).message}). ${REDIS_MISSING}`);
  } finally {
    client.disconnect();
  }
  return { url: given, stop: async () => {} };
}
