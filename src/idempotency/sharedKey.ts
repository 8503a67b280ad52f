import { OutcomeUnknownError, type UpstreamName } from '../errors/gatewayError.ts';
import { storeUnavailable, type Idempotency } from './idempotency.ts';

/** Given back when the request never left, so the key is free again for every caller. */
export type SharedKeyRelease = () => Promise<void>;

const TAKEN_BY_ANOTHER =
  'This idempotency key was already used for this order under another agent token (a refreshed one, or another agent). ' +
  'Nothing was sent; the first request may or may not have been applied, and its answer goes only to the token that sent it. ' +
  'Read the order to find out.';

/**
 * Takes the key across callers too (Oracle Commerce: per order), after the caller's own claim. An agent's retry
 * after its token was refreshed is another caller, and must not pay a second time: it gets `OUTCOME_UNKNOWN`, never
 * the first request's answer (the gateway cannot tell a refreshed token from another agent's, nor check either).
 * The mark holds only an HMAC of its owner, and stays for the record's TTL.
 */
export async function takeSharedKey(
  idempotency: Idempotency,
  upstream: UpstreamName,
  shared: string,
  owner: string,
  clientKey: string,
): Promise<SharedKeyRelease> {
  // Its own HMAC purpose: no caller scope, however chosen, can name a mark.
  const key = `${upstream}:${idempotency.hash('mark', upstream, shared, clientKey)}`;
  const ownerMark = idempotency.hash('owner', upstream, owner);
  let claim;
  try {
    // Never "in flight past its deadline": the mark outlives its request by design.
    claim = await idempotency.store.claim(key, ownerMark, Number.MAX_SAFE_INTEGER, idempotency.ttlMs);
  } catch {
    throw storeUnavailable(idempotency);
  }
  if (claim.kind === 'claimed') {
    const { token } = claim;
    return () => idempotency.store.release(key, token);
  }
  // Its own mark (its record is gone, e.g. released while the mark's release failed): the caller goes on, and frees
  // it again if nothing is sent.
  const own = claim.record;
  if (own.fingerprint === ownerMark && own.state === 'in-flight') return () => idempotency.store.release(key, own.token);
  idempotency.count('outcome_unknown');
  throw new OutcomeUnknownError(upstream, TAKEN_BY_ANOTHER);
}
