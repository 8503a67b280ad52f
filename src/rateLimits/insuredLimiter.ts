import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../store/redisConnection.ts';

/** What the limits use of a limiter. */
export type Limiter = Pick<RateLimiterAbstract, 'consume' | 'reward'>;

interface LimiterSettings {
  points: number;
  duration: number;
  keyPrefix: string;
}

/**
 * A limiter shared by every instance through Redis, insured by an in-memory one of the same size: while Redis is
 * down, or skipped as too slow (`unlessSlow`), each instance limits on its own instead of waiting for it.
 * rate-limiter-flexible's own insurance would take over only after each command's timeout, on every request.
 */
export function insuredLimiter(settings: LimiterSettings, redis: RedisConnection): Limiter {
  const shared = new RateLimiterRedis({ ...settings, storeClient: redis.client, rejectIfRedisNotReady: true });
  const memory = new RateLimiterMemory(settings);
  const insured = <T>(run: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> =>
    redis.unlessSlow(() => run(shared)).catch((error: unknown) => {
      // A spent limit is an answer, not a failure.
      if (error instanceof RateLimiterRes) throw error;
      return run(memory);
    });
  return {
    consume: (key, points) => insured((limiter) => limiter.consume(key, points)),
    reward: (key, points) => insured((limiter) => limiter.reward(key, points)),
  };
}
