import type { GatewayContext } from '../../context.ts';
import { ErrorCode, GatewayError, UnauthenticatedError } from '../../errors/gatewayError.ts';
import { UpstreamHttpError, UpstreamTransportError } from '../../upstreams/http/upstreamErrors.ts';

/**
 * Whose idempotency keys a commercetools mutation uses (see README, "Who a key belongs to"). With the gateway's
 * own API client configured, the account the token belongs to, so a retry after a token refresh finds its
 * record; otherwise the bearer token itself. Undefined without a token: the mutation then refuses the call.
 */
export async function shopperIdentity(context: GatewayContext): Promise<string | undefined> {
  const { caller, introspection } = context.commercetools;
  if (caller.authorization === undefined || introspection === undefined) return caller.authorization;
  const token = caller.authorization.replace(/^Bearer\s+/i, '');
  let principal;
  try {
    principal = await introspection.principalOf(token, context.requestId);
  } catch (error) {
    // Never the token's hash instead: a retry would land in another scope and be sent again.
    context.logger.error({ requestId: context.requestId, upstream: 'commercetools-auth', failure: failureOf(error) }, 'token introspection failed; keyed mutation refused');
    context.idempotency.count('unavailable');
    throw new GatewayError(
      ErrorCode.IDEMPOTENCY_UNAVAILABLE,
      "The caller's commercetools identity cannot be checked right now, so the mutation was not sent. Retry shortly with the same key.",
      { retryable: true },
    );
  }
  if (principal === undefined) throw new UnauthenticatedError('The commercetools access token is missing, invalid or expired.', { upstream: 'commercetools' });
  return principal;
}

/** Status or transport failure only: an error body or cause could echo what was sent. */
function failureOf(error: unknown): string | number {
  if (error instanceof UpstreamHttpError) return error.status;
  if (error instanceof UpstreamTransportError) return error.failure;
  return error instanceof Error ? error.name : 'unknown';
}
