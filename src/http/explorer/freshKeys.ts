import { randomUUID } from 'node:crypto';

const PLACEHOLDER = /FRESH_IDEMPOTENCY_KEY_(\w+)/g;

/** Stands in a preloaded mutation's variables for the key each page load replaces (letters only: survives any JSON). */
export const freshKeyPlaceholder = (operationName: string): string => `FRESH_IDEMPOTENCY_KEY_${operationName}`;

/**
 * A page with a new key per preloaded mutation, as a checkout page has one per payment: Run twice in it is one
 * payment (the second answer is replayed). GraphiQL restores its stored tabs over these on a reload.
 */
export function withFreshKeys(page: string): string {
  const keys = new Map<string, string>();
  return page.replace(PLACEHOLDER, (_placeholder, operationName: string) => {
    let key = keys.get(operationName);
    if (key === undefined) keys.set(operationName, (key = randomUUID()));
    return key;
  });
}
