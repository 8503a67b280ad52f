import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.ts';
import { bearer } from '../context.ts';
import type { KeyedHash } from '../idempotency/keyedHash.ts';
import type { RedisConnection } from '../store/redisConnection.ts';
import { clientAddress } from './clientAddress.ts';

export type LimitName = 'address' | 'caller' | 'card_failures_order' | 'card_failures_caller';

/** A refusal: which limit, and in how many seconds trying again can succeed. */
export interface RateLimitRefusal {
  limit: LimitName;
  retryAfterSeconds: number;
}

/** One reserved failed-payment point per order and caller; given back when the attempt did not fail on the card. */
export interface CardAttempt {
  refund(): Promise<void>;
}

export interface RateLimits {
  /** Every GraphQL request, per client address and per credential sent. Undefined: go ahead. */
  request(req: IncomingMessage): Promise<RateLimitRefusal | undefined>;
  /** Before a payment attempt: a refusal, or a reservation to refund unless the attempt fails on the card. */
  cardAttempt(orderId: string, caller: string): Promise<RateLimitRefusal | CardAttempt>;
}

export interface RateLimitOptions {
  config: Pick<Readonly<GatewayConfig>, 'rateLimits'>;
  /** Shared counters when set; each instance counts alone otherwise. */
  redis: RedisConnection | undefined;
  /** Credentials and order ids are counted under keyed hashes, never as they are. */
  hash: KeyedHash;
  onRefused?: (limit: LimitName) => void;
}

/**
 * rate-limiter-flexible over the gateway's one Redis connection (atomic Lua increments shared by every instance),
 * insured by an in-memory limiter of the same size: while Redis is down each instance still limits on its own.
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  const settings = options.config.rateLimits;
  const make = (name: LimitName, points: number, durationSeconds: number): RateLimiterAbstract | undefined => {
    if (points === 0) return undefined;
    const base = { points, duration: durationSeconds, keyPrefix: `rl:${name}` };
    const memory = new RateLimiterMemory(base);
    if (options.redis === undefined) return memory;
    return new RateLimiterRedis({ ...base, storeClient: options.redis.client, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  };
  const perAddress = make('address', settings.perAddressPerMinute, 60);
  const perCaller = make('caller', settings.perCallerPerMinute, 60);
  const perOrder = make('card_failures_order', settings.cardFailuresPerOrder, settings.cardFailureWindowSeconds);
  const perCardCaller = make('card_failures_caller', settings.cardFailuresPerCaller, settings.cardFailureWindowSeconds);

  const refused = (limit: LimitName, result: unknown): RateLimitRefusal => {
    options.onRefused?.(limit);
    const ms = result instanceof RateLimiterRes ? result.msBeforeNext : 1000;
    return { limit, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  };
  /** Undefined when allowed; a refusal when the limit is spent. Store errors are covered by the insurance limiter. */
  const take = async (limiter: RateLimiterAbstract | undefined, name: LimitName, key: string): Promise<RateLimitRefusal | undefined> => {
    if (limiter === undefined) return undefined;
    try {
      await limiter.consume(key);
      return undefined;
    } catch (result) {
      if (result instanceof RateLimiterRes) return refused(name, result);
      throw result;
    }
  };
  const give = async (limiter: RateLimiterAbstract | undefined, key: string) => {
    if (limiter !== undefined) await limiter.reward(key).catch(() => undefined);
  };

  return {
    async request(req) {
      const address = await take(perAddress, 'address', options.hash('address', clientAddress(req, settings.trustedProxies)));
      if (address !== undefined) return address;
      for (const credential of [bearer(req.headers.authorization), bearer(req.headers['x-occ-authorization'])]) {
        if (credential === undefined) continue;
        const caller = await take(perCaller, 'caller', options.hash('caller', credential));
        if (caller !== undefined) return caller;
      }
      return undefined;
    },
    async cardAttempt(orderId, caller) {
      const orderKey = options.hash('order', orderId);
      const callerKey = options.hash('caller', caller);
      const order = await take(perOrder, 'card_failures_order', orderKey);
      if (order !== undefined) return order;
      const byCaller = await take(perCardCaller, 'card_failures_caller', callerKey);
      if (byCaller !== undefined) {
        await give(perOrder, orderKey);
        return byCaller;
      }
      return {
        async refund() {
          await Promise.all([give(perOrder, orderKey), give(perCardCaller, callerKey)]);
        },
      };
    },
  };
}
