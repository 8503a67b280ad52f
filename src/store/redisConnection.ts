import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';

/** `slow`: connected, but commands time out, so what may do without Redis skips it for a while. */
export type StoreState = 'ready' | 'connecting' | 'down' | 'slow';

/** One Redis client per gateway, shared by idempotency records and rate limits. */
export interface RedisConnection {
  readonly client: Redis;
  state(): StoreState;
  /**
   * Runs a command that can do without Redis (a rate-limit check, a cache lookup, a claim that fails closed) unless
   * Redis is being skipped: after SLOW_COMMANDS_TO_SKIP timeouts in a row it is, for `slowCooldownMs`, and such
   * commands then fail at once (`BrokenCircuitError`) instead of each waiting `commandTimeoutMs`. A write that
   * must be attempted (a payment's record) does not go through here.
   */
  unlessSlow<T>(command: () => Promise<T>): Promise<T>;
  /** Resolves once connected, or after `timeoutMs` whatever the state: start-up waits this long at most. */
  ready(timeoutMs: number): Promise<StoreState>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  keyPrefix: string;
  /** A command slower than this fails (and the caller fails closed or open, as its feature decides). */
  commandTimeoutMs: number;
  /** How long Redis is skipped once its commands time out; then one command tries it again. */
  slowCooldownMs: number;
  logger: Logger;
}

const SLOW_COMMANDS_TO_SKIP = 3;

/** ioredis' `commandTimeout`: the one failure that costs each request time. A refused command fails at once. */
const timedOut = (error: Error) => error.message === 'Command timed out';

/**
 * ioredis (not node-redis): Lua scripts by `defineCommand` with EVALSHA and a NOSCRIPT fallback, key prefixes that
 * also apply inside scripts, Sentinel and Cluster without another client, and rate-limiter-flexible's first-class
 * support. Commands never queue while disconnected: a payment must not wait for Redis to come back, it fails at once.
 * Reconnection is ioredis' own, forever, with a capped backoff.
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
    // The password is in the URL; ioredis never logs it, and neither do we (only the state changes).
    lazyConnect: false,
  });
  let last: StoreState = 'connecting';
  let closing = false;
  const report = (next: StoreState, error?: Error) => {
    // Closed on purpose (shutdown): no "unavailable" warning.
    if (next === last || closing) return;
    last = next;
    if (next === 'ready') options.logger.info({ store: 'redis' }, 'redis connected');
    else options.logger.warn({ store: 'redis', reason: error?.message }, 'redis unavailable; keyed mutations fail closed until it is back');
  };
  client.on('ready', () => report('ready'));
  client.on('error', (error: Error) => report('down', error));
  client.on('end', () => report('down'));
  client.on('close', () => {
    if (last === 'ready') report('down');
  });
  const slow = circuitBreaker(handleWhen(timedOut), { halfOpenAfter: options.slowCooldownMs, breaker: new ConsecutiveBreaker(SLOW_COMMANDS_TO_SKIP) });
  slow.onBreak(() =>
    options.logger.warn({ store: 'redis', skipMs: options.slowCooldownMs }, 'redis too slow (commands time out); skipped, then tried again: keyed mutations fail closed meanwhile'),
  );
  slow.onHalfOpen(() => options.logger.info({ store: 'redis' }, 'redis tried again after being skipped'));
  slow.onReset(() => options.logger.info({ store: 'redis' }, 'redis answers in time again'));
  return {
    client,
    state: () => {
      if (client.status !== 'ready') return last === 'connecting' ? 'connecting' : 'down';
      return slow.state === CircuitState.Closed ? 'ready' : 'slow';
    },
    // cockatiel makes calls that arrive during the trial wait for it, then refuses them: here they are refused at once.
    unlessSlow: (command) => (slow.state === CircuitState.HalfOpen ? Promise.reject(new BrokenCircuitError()) : slow.execute(command)),
    async ready(timeoutMs) {
      if (client.status !== 'ready') {
        let timer: NodeJS.Timeout | undefined;
        let onReady: (() => void) | undefined;
        await new Promise<void>((resolve) => {
          onReady = resolve;
          client.once('ready', resolve);
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
        if (onReady !== undefined) client.off('ready', onReady);
      }
      return client.status === 'ready' ? 'ready' : 'down';
    },
    async close() {
      closing = true;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
