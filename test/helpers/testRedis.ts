import { randomUUID } from 'node:crypto';
import { REDIS_MISSING } from './redisServer.ts';

/** Every key the tests write starts with this, so the suite's audit can find them all (and only them). */
export const TEST_KEY_PREFIX = 'pgw-test:';

/** The Redis the suite's global setup started (or REDIS_URL); fails with how to provide one, never skips. */
export function testRedisUrl(): string {
  const url = process.env.GATEWAY_TEST_REDIS_URL;
  if (url === undefined) throw new Error(`No test Redis: ${REDIS_MISSING}`);
  return url;
}

/** Configuration for a gateway on the suite's Redis, in a key space of its own. */
export function redisEnv(url = testRedisUrl(), prefix = `${TEST_KEY_PREFIX}${randomUUID()}:`): Record<string, string> {
  return { REDIS_URL: url, REDIS_KEY_PREFIX: prefix, IDEMPOTENCY_SECRET: 'test-idempotency-secret-0123456789abcdef' };
}
