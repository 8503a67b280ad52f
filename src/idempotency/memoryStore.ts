import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from './store.ts';

/**
 * For one instance and the embedded demo. Bounded: past `maxEntries` the oldest records go first (a key older than
 * that many newer ones could then run again, which is why several instances, or heavy traffic, need Redis).
 */
export function createMemoryIdempotencyStore(maxEntries = 100_000, now: () => number = Date.now): IdempotencyStore {
  const records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  const live = (key: string) => {
    const entry = records.get(key);
    if (entry !== undefined && entry.expiresAt <= now()) records.delete(key);
    return entry !== undefined && entry.expiresAt > now() ? entry : undefined;
  };
  const put = (key: string, record: IdempotencyRecord, ttlMs: number) => {
    records.delete(key);
    if (records.size >= maxEntries) records.delete(records.keys().next().value as string);
    records.set(key, { record, expiresAt: now() + ttlMs });
  };
  return {
    async claim(key, fingerprint, inFlightUntil, ttlMs): Promise<ClaimResult> {
      const existing = live(key);
      if (existing !== undefined) return { kind: 'existing', record: existing.record };
      const token = randomUUID();
      put(key, { state: 'in-flight', fingerprint, token, inFlightUntil }, ttlMs);
      return { kind: 'claimed', token };
    },
    async complete(key, token, fingerprint, outcome, ttlMs) {
      const existing = live(key);
      if (existing?.record.state === 'in-flight' && existing.record.token === token) put(key, { state: 'done', fingerprint, outcome }, ttlMs);
    },
    async release(key, token) {
      const existing = live(key);
      if (existing?.record.state === 'in-flight' && existing.record.token === token) records.delete(key);
    },
    state: () => 'ready',
  };
}
