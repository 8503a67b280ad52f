import { GraphQLError } from 'graphql';
import { ErrorCode } from '../generated/graphql.ts';

export { ErrorCode };

/** Which upstream an error came from, as shown in `extensions.upstream`. */
export type UpstreamName = 'commercetools' | 'occ' | 'commercetools-auth';

export interface GatewayErrorExtensions {
  field?: string | undefined;
  upstream?: UpstreamName | undefined;
  upstreamCode?: string | undefined;
  currentVersion?: number | undefined;
  retryable?: boolean | undefined;
  /** With RATE_LIMITED and IDEMPOTENCY_KEY_IN_USE: when trying again makes sense. */
  retryAfterSeconds?: number | undefined;
  errors?: ReadonlyArray<{ upstreamCode: string; message: string }> | undefined;
}

/**
 * The one base class of every error a client may see unmasked. Anything that is not a GatewayError (or one of
 * graphql-js' own request errors) is masked as INTERNAL_SERVER_ERROR by formatError.
 */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: GatewayErrorExtensions = {}) {
    super(message, { extensions: { code, ...withoutUndefined(extensions) } });
    this.code = code;
    this.name = 'GatewayError';
  }
}

export class BadUserInputError extends GatewayError {
  constructor(message: string, field?: string, extensions: GatewayErrorExtensions = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { ...extensions, field });
  }
}

export class UnauthenticatedError extends GatewayError {
  constructor(message: string, extensions: GatewayErrorExtensions = {}) {
    super(ErrorCode.UNAUTHENTICATED, message, extensions);
  }
}

export class UpstreamUnavailableError extends GatewayError {
  constructor(upstream: UpstreamName, message: string, upstreamCode?: string) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, { upstream, upstreamCode, retryable: true });
  }
}

/**
 * The request left the gateway and no definitive answer came back (timeout, reset, 5xx, an unreadable 2xx):
 * the change may or may not have been applied. Never retryable as is: read the payment or the order first,
 * or retry with the same idempotency key, which answers this same error instead of sending it again.
 */
export class OutcomeUnknownError extends GatewayError {
  constructor(upstream: UpstreamName, message: string, upstreamCode?: string) {
    super(ErrorCode.OUTCOME_UNKNOWN, message, { upstream, upstreamCode, retryable: false });
  }
}

export class UpstreamError extends GatewayError {
  constructor(upstream: UpstreamName, message: string, upstreamCode?: string) {
    super(ErrorCode.UPSTREAM_ERROR, message, { upstream, upstreamCode });
  }
}

function withoutUndefined(extensions: GatewayErrorExtensions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extensions).filter(([, value]) => value !== undefined));
}
