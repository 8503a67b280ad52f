import { ErrorCode, GatewayError, OutcomeUnknownError, UpstreamError, UpstreamUnavailableError } from '../../errors/gatewayError.ts';
import { UpstreamBodyError, UpstreamHttpError, UpstreamTransportError } from '../http/upstreamErrors.ts';
import type { CtErrorBody } from './types.ts';
import { redactText } from '../../observability/redact.ts';

const UPSTREAM = 'commercetools';

/** The documented error codes (FACTS.md) and the public code each one becomes. */
const CODE_MAP: Record<string, ErrorCode> = {
  InvalidInput: ErrorCode.BAD_USER_INPUT,
  InvalidJsonInput: ErrorCode.BAD_USER_INPUT,
  InvalidField: ErrorCode.BAD_USER_INPUT,
  RequiredField: ErrorCode.BAD_USER_INPUT,
  DuplicateField: ErrorCode.BAD_USER_INPUT,
  ReferencedResourceNotFound: ErrorCode.BAD_USER_INPUT,
  MoneyOverflow: ErrorCode.BAD_USER_INPUT,
  QueryTimedOut: ErrorCode.BAD_USER_INPUT,
  QueryComplexityLimitExceeded: ErrorCode.BAD_USER_INPUT,
  MaxResourceLimitExceeded: ErrorCode.INVALID_OPERATION,
  InvalidOperation: ErrorCode.INVALID_OPERATION,
  invalid_token: ErrorCode.UNAUTHENTICATED,
  insufficient_scope: ErrorCode.FORBIDDEN,
  ResourceNotFound: ErrorCode.NOT_FOUND,
  ConcurrentModification: ErrorCode.CONCURRENT_MODIFICATION,
  General: ErrorCode.UPSTREAM_ERROR,
  BadGateway: ErrorCode.UPSTREAM_UNAVAILABLE,
  OverCapacity: ErrorCode.UPSTREAM_UNAVAILABLE,
  PendingOperation: ErrorCode.UPSTREAM_UNAVAILABLE,
};

/** Messages we can stand behind; the upstream's own text may name URLs or internals, so it is only logged. */
const PUBLIC_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.BAD_USER_INPUT]: 'commercetools rejected the input.',
  [ErrorCode.INVALID_OPERATION]: 'This change is not allowed for the payment in its current state.',
  [ErrorCode.UNAUTHENTICATED]: 'The commercetools access token is missing, invalid or expired.',
  [ErrorCode.FORBIDDEN]: 'The commercetools access token lacks the scope for My Payments.',
  [ErrorCode.NOT_FOUND]: 'The payment does not exist or does not belong to the caller.',
  [ErrorCode.CONCURRENT_MODIFICATION]: 'The payment was changed by someone else: its version is not the one given.',
  [ErrorCode.UPSTREAM_ERROR]: 'commercetools failed to process the request; the change may or may not have been applied.',
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 'commercetools is unavailable right now; retry later.',
} as Record<ErrorCode, string>;

/** A read changes nothing: its failure says so, not that a change may have been applied. */
const READ_FAILED = 'commercetools failed to answer the request; nothing was changed.';

const SAFE_FIELD = /^[A-Za-z0-9_.[\]-]{1,100}$/;

/** What was asked, where the answer alone cannot tell: a HEAD answer has no body, and a write may have been applied. */
export interface CtRequestKind {
  method: string;
}

const OUTCOME_UNKNOWN =
  'commercetools gave no definitive answer, so the change may or may not have been applied. Read the payment (myPayment or myPayments) before trying again, or retry with the same idempotencyKey.';

/** The one place commercetools failures become public GatewayErrors. */
export function mapCommercetoolsError(error: unknown, request?: CtRequestKind): unknown {
  const kind = request === undefined || request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
  if (error instanceof UpstreamTransportError) {
    // Only a refused connection or an open circuit proves a write never reached commercetools.
    const neverSent = error.failure === 'connect' || error.failure === 'circuit-open';
    return kind === 'write' && !neverSent ? new OutcomeUnknownError(UPSTREAM, OUTCOME_UNKNOWN) : new UpstreamUnavailableError(UPSTREAM, transportMessage(error.failure));
  }
  if (error instanceof UpstreamBodyError) {
    if (kind === 'write') return new OutcomeUnknownError(UPSTREAM, OUTCOME_UNKNOWN);
    return new UpstreamError(UPSTREAM, 'commercetools answered with an unexpected response.');
  }
  if (!(error instanceof UpstreamHttpError)) return error;

  const body = parseErrorBody(error.bodyText);
  if (request?.method === 'HEAD' && error.status === 400 && body === undefined) {
    // `HEAD /me/payments?where=…` is refused with a bare 400 when the predicate is malformed: the caller's input,
    // as the same predicate given to `myPayments` says in words.
    return new GatewayError(ErrorCode.BAD_USER_INPUT, 'commercetools rejected the query predicate; `myPayments` with the same `where` explains why.', {
      upstream: UPSTREAM,
      field: 'where',
    });
  }
  const first = body?.errors?.[0];
  const upstreamCode = first?.code ?? body?.error;
  // A HEAD answer never has a body, so its status alone is as good as a documented error.
  const code = (upstreamCode !== undefined ? CODE_MAP[upstreamCode] : undefined) ?? codeForStatus(error.status, body !== undefined || request?.method === 'HEAD');
  if (kind === 'write' && !refusedBeforeApplying(error.status, upstreamCode)) return new OutcomeUnknownError(UPSTREAM, OUTCOME_UNKNOWN, upstreamCode);
  if (code === ErrorCode.UPSTREAM_UNAVAILABLE) return new UpstreamUnavailableError(UPSTREAM, PUBLIC_MESSAGES[code], upstreamCode);
  if (code === ErrorCode.UPSTREAM_ERROR) return new UpstreamError(UPSTREAM, kind === 'read' ? READ_FAILED : PUBLIC_MESSAGES[code], upstreamCode);

  const field = typeof first?.field === 'string' && SAFE_FIELD.test(first.field) ? first.field : undefined;
  const currentVersion = typeof first?.currentVersion === 'number' ? first.currentVersion : undefined;
  const message = explainableMessage(code, first?.message) ?? PUBLIC_MESSAGES[code];
  return new GatewayError(code, message, { upstream: UPSTREAM, upstreamCode, field, currentVersion });
}

/** Input problems are worth explaining (a bad predicate, a locked payment) when the text is plainly safe. */
function explainableMessage(code: ErrorCode, upstreamMessage: string | undefined): string | undefined {
  if (code !== ErrorCode.BAD_USER_INPUT && code !== ErrorCode.INVALID_OPERATION) return undefined;
  if (upstreamMessage === undefined || upstreamMessage.length > 300 || /https?:|\/\//i.test(upstreamMessage)) return undefined;
  return redactText(upstreamMessage);
}

/**
 * A write's error answer that proves nothing was applied: any documented 4xx, a 429, or commercetools' own 503
 * (OverCapacity, PendingOperation). A 500 (`General`: "the change may still have happened") or a proxy's
 * 502/504/503 after forwarding do not.
 */
function refusedBeforeApplying(status: number, upstreamCode: string | undefined): boolean {
  if (status === 429) return true;
  if (status === 503) return upstreamCode === 'OverCapacity' || upstreamCode === 'PendingOperation';
  return status >= 400 && status < 500;
}

function codeForStatus(status: number, documentedBody: boolean): ErrorCode {
  if (status === 429 || status === 502 || status === 503 || status === 504) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (!documentedBody) return ErrorCode.UPSTREAM_ERROR;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 409) return ErrorCode.CONCURRENT_MODIFICATION;
  if (status >= 400 && status < 500) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.UPSTREAM_ERROR;
}

function transportMessage(failure: UpstreamTransportError['failure']): string {
  switch (failure) {
    case 'timeout':
      return 'commercetools did not answer in time; retry later.';
    case 'circuit-open':
      return 'commercetools is failing; requests are paused briefly. Retry later.';
    default:
      return 'commercetools could not be reached; retry later.';
  }
}

function parseErrorBody(text: string): CtErrorBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && typeof (body as CtErrorBody).statusCode === 'number') return body as CtErrorBody;
  } catch {
    // not the documented JSON: handled by status
  }
  return undefined;
}
