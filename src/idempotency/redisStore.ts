import { randomUUID } from 'node:crypto';
import { BrokenCircuitError, ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { RedisConnection } from '../store/redisConnection.ts';
import { StoreUnavailableError, type ClaimResult, type IdempotencyRecord, type IdempotencyStore } from './store.ts';

/** GET, or SET with expiry when absent: one round trip, atomic across instances. */
const CLAIM = `
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

/** Replaces (ARGV[2]) or deletes (no ARGV[2]) the record only while it is still the claim of token ARGV[1]. */
const SETTLE = `
local existing = redis.call('GET', KEYS[1])
if not existing then return 0 end
local ok, record = pcall(cjson.decode, existing)
if not ok or record.state ~= 'in-flight' or record.token ~= ARGV[1] then return 0 end
if ARGV[2] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('DEL', KEYS[1]) end
return 1`;

/** A few tries over ~10 s (a reconnect sends them after the claim it follows): the settle is a no-op once done. */
const takeBack = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 1000, maxDelay: 5000 }) });

function takeBackLater(release: () => Promise<unknown>): void {
  takeBack.execute(release).catch(() => undefined);
}

interface IdempotencyCommands {
  idempotencyClaim(key: string, record: string, ttlMs: number): Promise<string | null>;
  idempotencySettle(key: string, token: string, record?: string, ttlMs?: number): Promise<number>;
}

/** Records live under `<prefix>idem:<hash>` as JSON; they hold fingerprints and masked outcomes, never card data. */
export function createRedisIdempotencyStore(connection: RedisConnection, observe?: (operation: string, seconds: number) => void): IdempotencyStore {
  const redis = connection.client;
  redis.defineCommand('idempotencyClaim', { numberOfKeys: 1, lua: CLAIM });
  redis.defineCommand('idempotencySettle', { numberOfKeys: 1, lua: SETTLE });
  const commands = redis as unknown as IdempotencyCommands;
  const timed = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } catch (error) {
      throw new StoreUnavailableError({ cause: error });
    } finally {
      observe?.(operation, (performance.now() - started) / 1000);
    }
  };
  const redisKey = (key: string) => `idem:${key}`;
  return {
    async claim(key, fingerprint, inFlightUntil, ttlMs): Promise<ClaimResult> {
      const token = randomUUID();
      const record: IdempotencyRecord = { state: 'in-flight', fingerprint, token, inFlightUntil };
      let existing: string | null;
      try {
        // Fails closed at once while Redis is skipped as too slow (the claim is then never sent).
        existing = await timed('claim', () => connection.unlessSlow(() => commands.idempotencyClaim(redisKey(key), JSON.stringify(record), ttlMs)));
      } catch (error) {
        // A claim that timed out may still land, and would hold the key (then answer OUTCOME_UNKNOWN) for a call
        // never sent. Its release, queued behind it on the one connection, takes it back if it does.
        if (!(error instanceof StoreUnavailableError && error.cause instanceof BrokenCircuitError)) {
          takeBackLater(() => commands.idempotencySettle(redisKey(key), token));
        }
        throw error;
      }
      if (existing === null) return { kind: 'claimed', token };
      return { kind: 'existing', record: JSON.parse(existing) as IdempotencyRecord };
    },
    async complete(key, token, fingerprint, outcome, ttlMs) {
      const record: IdempotencyRecord = { state: 'done', fingerprint, outcome };
      await timed('complete', () => commands.idempotencySettle(redisKey(key), token, JSON.stringify(record), ttlMs));
    },
    async release(key, token) {
      await timed('release', () => commands.idempotencySettle(redisKey(key), token));
    },
    state: () => connection.state(),
  };
}
