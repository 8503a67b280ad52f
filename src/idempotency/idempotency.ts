import { ErrorCode, GatewayError, type UpstreamName } from '../errors/gatewayError.ts';
import type { KeyedHash } from './keyedHash.ts';
import type { IdempotencyStore } from './store.ts';

/** Built once per gateway: the store, the secret's hash and the timings every keyed mutation uses. */
export interface Idempotency {
  store: IdempotencyStore;
  hash: KeyedHash;
  ttlMs: number;
  /** Upstream deadline plus margin: how long a claim may stay in flight before its outcome counts as unknown. */
  inFlightMs: number;
  now(): number;
  /** Counts replays, conflicts, in-use refusals and store failures for /metrics. */
  count(outcome: IdempotencyOutcome): void;
}

export type IdempotencyOutcome = 'executed' | 'replayed' | 'reused' | 'in_use' | 'unavailable' | 'released' | 'outcome_unknown';

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** The gateway's one keyed hash (HMAC under IDEMPOTENCY_SECRET), shared with rate limits and introspection. */
  hash: KeyedHash;
  ttlSeconds: number;
  upstreamTimeoutMs: number;
  inFlightMarginMs: number;
  now?: () => number;
  count?: (outcome: IdempotencyOutcome) => void;
}

export function createIdempotency(options: IdempotencyOptions): Idempotency {
  return {
    store: options.store,
    hash: options.hash,
    ttlMs: options.ttlSeconds * 1000,
    inFlightMs: options.upstreamTimeoutMs + options.inFlightMarginMs,
    now: options.now ?? Date.now,
    count: options.count ?? (() => {}),
  };
}

/**
 * Where a key lives: per upstream and per caller (hashed), so no caller can reach another's record whatever key it
 * sends, and the client's key itself is never stored.
 */
export function recordKey(idempotency: Idempotency, upstream: UpstreamName, keyScope: string, clientKey: string): string {
  return `${upstream}:${idempotency.hash('record', upstream, keyScope, clientKey)}`;
}

/** The store did not answer: the keyed mutation is not sent (it fails closed), and the client may retry. */
export function storeUnavailable(idempotency: Idempotency): GatewayError {
  idempotency.count('unavailable');
  return new GatewayError(ErrorCode.IDEMPOTENCY_UNAVAILABLE, 'Idempotency keys cannot be checked right now, so the mutation was not sent. Retry shortly.', {
    retryable: true,
  });
}
