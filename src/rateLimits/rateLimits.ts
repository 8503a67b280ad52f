import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.ts';
import { bearer } from '../context.ts';
import type { KeyedHash } from '../idempotency/keyedHash.ts';
import type { RedisConnection } from '../store/redisConnection.ts';
import { remembered } from '../memo.ts';
import { clientAddress } from './clientAddress.ts';
import { insuredLimiter, type Limiter } from './insuredLimiter.ts';

export type LimitName = 'address' | 'caller' | 'card_failures_order' | 'card_failures_caller';

/** A refusal: which limit, and in how many seconds trying again can succeed. */
export interface RateLimitRefusal {
  limit: LimitName;
  retryAfterSeconds: number;
}

/** One reserved failed-payment point per order and caller; given back when the attempt did not fail on the card. */
export interface CardAttempt {
  /** Sends the points back before it returns; never rejects (a lost refund costs the caller one point, no more). */
  refund(): Promise<void>;
  /**
   * Sends back the order's point only: the card was refused by the gateway, before Oracle Commerce checked the
   * caller's token, and an unchecked token must not use up an order's allowance for its real agent.
   */
  refundOrder(): Promise<void>;
}

export interface RateLimits {
  /**
   * Every GraphQL request, per client address and per credential sent; with `furtherBatchOperations`, the points of
   * a batch's operations after its first (counted with the request), all given back when refused. Undefined: go ahead.
   */
  request(req: IncomingMessage, furtherBatchOperations?: number): Promise<RateLimitRefusal | undefined>;
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

interface Check {
  limiter: Limiter | undefined;
  name: LimitName;
  key: string;
  points?: number;
}

/**
 * rate-limiter-flexible over the gateway's one Redis connection (atomic Lua increments shared by every instance),
 * insured by an in-memory limiter of the same size: while Redis is down or too slow each instance limits on its own.
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  const settings = options.config.rateLimits;
  const make = (name: LimitName, points: number, durationSeconds: number): Limiter | undefined => {
    if (points === 0) return undefined;
    const base = { points, duration: durationSeconds, keyPrefix: `rl:${name}` };
    return options.redis === undefined ? new RateLimiterMemory(base) : insuredLimiter(base, options.redis);
  };
  const perAddress = make('address', settings.perAddressPerMinute, 60);
  // Few addresses send most requests (a balancer, a NAT): their HMAC is kept, not redone per request. Addresses are
  // no secret, unlike credentials, whose hashes are never kept by what they hash.
  const addressHashes = new Map<string, string>();
  const addressKey = (address: string) => remembered(addressHashes, address, () => options.hash('address', address));
  const perCaller = make('caller', settings.perCallerPerMinute, 60);
  const perOrder = make('card_failures_order', settings.cardFailuresPerOrder, settings.cardFailureWindowSeconds);
  const perCardCaller = make('card_failures_caller', settings.cardFailuresPerCaller, settings.cardFailureWindowSeconds);

  const refused = (limit: LimitName, result: unknown): RateLimitRefusal => {
    options.onRefused?.(limit);
    const ms = result instanceof RateLimiterRes ? result.msBeforeNext : 1000;
    return { limit, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  };
  /** Undefined when allowed; the limiter's answer when the limit is spent. Store errors are covered by the insurance limiter. */
  const take = async (limiter: Limiter, key: string, points = 1): Promise<RateLimiterRes | undefined> => {
    try {
      await limiter.consume(key, points);
      return undefined;
    } catch (result) {
      if (result instanceof RateLimiterRes) return result;
      throw result;
    }
  };
  const give = async (limiter: Limiter | undefined, key: string, points = 1) => {
    if (limiter !== undefined) await limiter.reward(key, points).catch(() => undefined);
  };
  /**
   * The checks in order, as if one after the other, but with their round trips at once: the first refusal (or error)
   * wins, and the points taken by the checks after it are given back, since in turn those would never have been asked.
   * `giveBack`: `earlier`, the points of the checks before it go back too (a refused card attempt reserves
   * nothing); `all`, the refusing check's as well (rate-limiter-flexible counts a refused `consume`): a refused
   * batch, none of whose operations runs, leaves the limits as it found them.
   */
  const takeInOrder = async (checks: Check[], giveBack: 'later' | 'earlier' | 'all'): Promise<RateLimitRefusal | undefined> => {
    const active = checks.filter((check): check is Check & { limiter: Limiter } => check.limiter !== undefined);
    const results = await Promise.allSettled(active.map((check) => take(check.limiter, check.key, check.points)));
    const first = results.findIndex((result) => result.status === 'rejected' || result.value !== undefined);
    if (first === -1) return undefined;
    const returned = active.filter((_check, index) => index > first || (giveBack !== 'later' && index < first) || (giveBack === 'all' && index === first));
    await Promise.all(returned.map((check) => give(check.limiter, check.key, check.points)));
    const result = results[first]!;
    if (result.status === 'rejected') throw result.reason;
    return refused(active[first]!.name, result.value);
  };

  return {
    async request(req, furtherBatchOperations) {
      const points = furtherBatchOperations ?? 1;
      // Keys are hashed only for the limits that are on (each is an HMAC).
      const checks: Check[] = [];
      if (perAddress !== undefined) checks.push({ limiter: perAddress, name: 'address', key: addressKey(clientAddress(req, settings.trustedProxies)), points });
      for (const credential of perCaller === undefined ? [] : [bearer(req.headers.authorization), bearer(req.headers['x-occ-authorization'])]) {
        if (credential !== undefined) checks.push({ limiter: perCaller, name: 'caller', key: options.hash('caller', credential), points });
      }
      return takeInOrder(checks, furtherBatchOperations === undefined ? 'later' : 'all');
    },
    async cardAttempt(orderId, caller) {
      const orderKey = perOrder === undefined ? '' : options.hash('order', orderId);
      const callerKey = perCardCaller === undefined ? '' : options.hash('caller', caller);
      const refusal = await takeInOrder(
        [
          { limiter: perOrder, name: 'card_failures_order', key: orderKey },
          { limiter: perCardCaller, name: 'card_failures_caller', key: callerKey },
        ],
        'earlier',
      );
      if (refusal !== undefined) return refusal;
      return {
        async refund() {
          await Promise.all([give(perOrder, orderKey), give(perCardCaller, callerKey)]);
        },
        async refundOrder() {
          await give(perOrder, orderKey);
        },
      };
    },
  };
}
