import { ErrorCode, GatewayError, OutcomeUnknownError, UpstreamUnavailableError } from '../../errors/gatewayError.ts';
import { UpstreamBodyError, UpstreamHttpError, UpstreamTransportError } from '../http/upstreamErrors.ts';
import { cutSecrets } from './secrets.ts';
import type { OccErrorModel } from './types.ts';

const UPSTREAM = 'occ';

/** The documented payment codes. 51174's text is OCC's own and meant for the shopper. */
const PAYMENT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  '51173': { code: ErrorCode.PAYMENT_PROCESSING_ERROR, message: 'An error occurred while processing the payments.' },
  '51174': {
    code: ErrorCode.PAYMENT_DECLINED,
    message: 'Your order has not been placed due to a payment error, and you have not been charged. Please try again.',
  },
  '51175': { code: ErrorCode.PAYMENT_COMPLETION_ERROR, message: 'An error occurred completing an order payment.' },
};

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.BAD_USER_INPUT]: 'Oracle Commerce rejected the payments.',
  [ErrorCode.UNAUTHENTICATED]: 'The Oracle Commerce agent token is missing, invalid or expired: log in again and send it as "X-OCC-Authorization: Bearer <token>".',
  [ErrorCode.FORBIDDEN]: 'The agent may not add payments to this order.',
  [ErrorCode.NOT_FOUND]: 'The order does not exist.',
};

// Payments are never repeated blindly: only answers that say "nothing was done" are called retryable.
const UNKNOWN_OUTCOME =
  'Oracle Commerce gave no definitive answer, so the payments may or may not have been applied. Read the order before trying again, or retry with the same idempotencyKey.';
const UNAVAILABLE = 'Oracle Commerce is unavailable right now; no payment was made. Retry later.';

/**
 * The one place OCC failures become public GatewayErrors. `secrets` are the card numbers, CVVs and PINs of the
 * request: they are cut out of any upstream text that is passed on, whatever the upstream chose to echo.
 */
export function mapOccError(error: unknown, secrets: readonly string[] = []): unknown {
  if (error instanceof UpstreamTransportError) {
    // Only a refused connection or an open circuit proves the request never reached OCC.
    return error.failure === 'connect' || error.failure === 'circuit-open'
      ? new UpstreamUnavailableError(UPSTREAM, UNAVAILABLE)
      : new OutcomeUnknownError(UPSTREAM, UNKNOWN_OUTCOME);
  }
  if (error instanceof UpstreamBodyError) return new OutcomeUnknownError(UPSTREAM, UNKNOWN_OUTCOME);
  if (!(error instanceof UpstreamHttpError)) return error;

  const body = parseErrorModel(error.bodyText);
  const upstreamCode = typeof body?.errorCode === 'string' ? body.errorCode : undefined;
  const nested = body?.errors?.map((detail) => ({
    upstreamCode: String(detail.errorCode ?? ''),
    message: safeMessage(detail.message, secrets) ?? 'Payment error.',
  }));
  const field = fieldOf(body?.['o:errorPath']);

  const payment = upstreamCode !== undefined ? PAYMENT_ERRORS[upstreamCode] : undefined;
  if (payment !== undefined) return new GatewayError(payment.code, payment.message, { upstream: UPSTREAM, upstreamCode, field, errors: nested });

  const code = codeForStatus(error.status);
  if (code === ErrorCode.UPSTREAM_UNAVAILABLE) return new UpstreamUnavailableError(UPSTREAM, UNAVAILABLE, upstreamCode);
  if (code === ErrorCode.OUTCOME_UNKNOWN) return new OutcomeUnknownError(UPSTREAM, UNKNOWN_OUTCOME, upstreamCode);
  const message = (code === ErrorCode.UNAUTHENTICATED ? undefined : safeMessage(body?.message, secrets)) ?? DEFAULT_MESSAGES[code] ?? UNKNOWN_OUTCOME;
  return new GatewayError(code, message, { upstream: UPSTREAM, upstreamCode, field, errors: nested });
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  // A 429 turns a request away before it is processed. A 503 does not prove that: OCC documents no 503 of its own,
  // and a proxy answers one after passing the payment on as readily as before.
  if (status === 429) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status >= 400 && status < 500) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.OUTCOME_UNKNOWN;
}

/** `payments[1].cardNumber` → `input.payments[1]`: which payment failed, in the caller's terms. */
function fieldOf(errorPath: unknown): string | undefined {
  const index = typeof errorPath === 'string' ? /^payments\[(\d{1,4})\]/.exec(errorPath)?.[1] : undefined;
  return index === undefined ? undefined : `input.payments[${index}]`;
}

/** Upstream text is shown only when short and free of URLs; card-like digits and the request's secrets are cut. */
function safeMessage(message: unknown, secrets: readonly string[]): string | undefined {
  if (typeof message !== 'string' || message.trim() === '' || message.length > 300 || /https?:|\/\//i.test(message)) return undefined;
  return cutSecrets(message, secrets);
}

function parseErrorModel(text: string): OccErrorModel | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const model = body as OccErrorModel;
      return { ...model, errors: Array.isArray(model.errors) ? model.errors.filter((item) => item !== null && typeof item === 'object') : undefined };
    }
  } catch {
    // Not the errorModel (an HTML page from a proxy, say): mapped by status alone.
  }
  return undefined;
}
