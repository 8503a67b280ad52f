import type { UpstreamName } from '../errors/gatewayError.ts';
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
 * Where a key lives: per upstream and per scope (hashed): a shopper's keys are theirs alone, an agent's are the
 * order's. The client's key itself is never stored.
 */
export function recordKey(idempotency: Idempotency, upstream: UpstreamName, keyScope: string, clientKey: string): string {
  return `${upstream}:${idempotency.hash('record', upstream, keyScope, clientKey)}`;
}
