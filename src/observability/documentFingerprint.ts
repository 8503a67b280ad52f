import type { KeyedHash } from '../idempotency/keyedHash.ts';

/**
 * What traces and logs name a GraphQL document by: a keyed hash (HMAC-SHA-256 under IDEMPOTENCY_SECRET) of its
 * SHA-256, never the SHA-256 itself. A document may hold a card number or CVV written inline, and a plain hash of
 * a known document guesses those back in milliseconds. Instances sharing the secret give one document one name.
 * Taking the SHA-256 (hex) lets callers reuse the one they already computed: the whole text is hashed once.
 */
export type DocumentFingerprint = (sha256Hex: string) => string;

export function documentFingerprint(hash: KeyedHash): DocumentFingerprint {
  return (sha256Hex) => hash('graphql-document', sha256Hex);
}
