import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '../observability/logger.ts';
import type { RedisConnection } from './redisConnection.ts';

/**
 * Apollo's KeyValueCache over the gateway's one Redis connection (no second client): persisted query hashes
 * registered on one instance are found on every other. A cache, so Redis trouble is a miss, never an error: the
 * client then sends the document again, as APQ expects. While Redis is skipped as too slow, it is not asked.
 */
export function createRedisKeyValueCache(connection: RedisConnection, logger: Logger, namespace = 'kv:'): KeyValueCache<string> {
  const redis = connection.client;
  const unlessSlow = connection.unlessSlow;
  const failed = (operation: string) => (error: unknown) => {
    logger.debug({ store: 'redis', operation, reason: (error as Error).message }, 'cache unavailable; treated as a miss');
    return undefined;
  };
  return {
    async get(key) {
      return (await unlessSlow(() => redis.get(namespace + key)).catch(failed('get'))) ?? undefined;
    },
    async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
      const ttl = options?.ttl;
      const write = () => (typeof ttl === 'number' && ttl > 0 ? redis.set(namespace + key, value, 'PX', Math.round(ttl * 1000)) : redis.set(namespace + key, value));
      await unlessSlow(write).catch(failed('set'));
    },
    async delete(key) {
      const removed = await unlessSlow(() => redis.del(namespace + key)).catch(failed('delete'));
      return removed === undefined ? undefined : removed > 0;
    },
  };
}
