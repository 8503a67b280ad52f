import type { StoreState } from '../store/redisConnection.ts';

/** What a finished keyed mutation left behind: the field's data (JSON with exact integers) or its typed error. */
export type StoredOutcome =
  | { kind: 'data'; json: string }
  | { kind: 'error'; code: string; message: string; extensions: Record<string, unknown> };

/**
 * One idempotency record. `inFlightUntil` is when the claim's owner must have finished (upstream deadline plus a
 * margin): past it, an unfinished claim means the owner died mid-call and the outcome is unknown.
 */
export type IdempotencyRecord =
  | { state: 'in-flight'; fingerprint: string; token: string; inFlightUntil: number }
  | { state: 'done'; fingerprint: string; outcome: StoredOutcome };

export type ClaimResult = { kind: 'claimed'; token: string } | { kind: 'existing'; record: IdempotencyRecord };

/** Raised by a store that cannot answer (Redis down or slow): keyed mutations then fail closed. */
export class StoreUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('idempotency store unavailable', options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Shared by every instance behind the balancer (Redis) or local to one (memory). Each method is atomic: of N
 * concurrent claims of one key, exactly one is `claimed`. `complete` and `release` have sent their write by the
 * time they return: callers answer the client without waiting for the acknowledgement.
 */
export interface IdempotencyStore {
  /** Claims `key` for this request, unless a record exists; then that record is returned. */
  claim(key: string, fingerprint: string, inFlightUntil: number, ttlMs: number): Promise<ClaimResult>;
  /** Replaces this request's claim with its outcome (only if the claim is still its own). */
  complete(key: string, token: string, fingerprint: string, outcome: StoredOutcome, ttlMs: number): Promise<void>;
  /** Drops this request's claim: nothing reached the upstream, so the key may be used again. */
  release(key: string, token: string): Promise<void>;
  state(): StoreState;
}
