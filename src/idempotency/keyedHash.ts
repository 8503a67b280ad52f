import { createHmac, createSecretKey } from 'node:crypto';

/** HMAC-SHA-256 under the gateway's idempotency secret: what is stored can neither be reversed nor guessed. */
export type KeyedHash = (...parts: string[]) => string;

export function createKeyedHash(secret: string): KeyedHash {
  // A key object is imported once; a string key is converted again on every call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (...parts) => createHmac('sha256', key).update(parts.join('\u0000')).digest('base64url');
}

/**
 * The same arguments always give the same text: object keys sorted, bigints as tagged digit strings, `undefined`
 * members dropped (as JSON would). Card numbers pass through here only on their way into the HMAC.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
