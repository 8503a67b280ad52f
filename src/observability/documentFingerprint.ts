import type { KeyedHash } from '../idempotency/keyedHash.ts';

/**
 * What traces and logs name a GraphQL document by: a keyed hash of its text (HMAC-SHA-256 under
 * IDEMPOTENCY_SECRET), not its SHA-256. A document may hold a card number or CVV written inline, and a plain hash of
 * a known document guesses those back in milliseconds. Instances sharing the secret give one document one name.
 */
export type DocumentFingerprint = (text: string) => string;

export function documentFingerprint(hash: KeyedHash): DocumentFingerprint {
  return (text) => hash('graphql-document', text);
}
