import type { IncomingMessage, ServerResponse } from 'node:http';
import { APPLICATION_JSON, responseContentType } from '../apolloParity/mediaTypes.ts';
import { ErrorCode, GatewayError } from '../errors/gatewayError.ts';
import type { ResponseMarks } from '../http/responseMarks.ts';
import type { RateLimitRefusal } from './rateLimits.ts';

const MESSAGES: Record<RateLimitRefusal['limit'], string> = {
  address: 'Too many requests from this address. Try again after the time in Retry-After.',
  caller: 'Too many requests with this credential. Try again after the time in Retry-After.',
  card_failures_order: 'Too many failed payment attempts on this order. Nothing was sent; try again after the time in Retry-After.',
  card_failures_caller: 'Too many failed payment attempts. Nothing was sent; try again after the time in Retry-After.',
};

/**
 * A whole request refused before any GraphQL work: HTTP 429 with Retry-After, in the content type the client asked
 * for (Apollo Kotlin reads the body of a non-2xx answer only as `application/graphql-response+json`).
 */
export function sendRateLimited(req: IncomingMessage, res: ServerResponse, refusal: RateLimitRefusal, requestId: string): void {
  res.statusCode = 429;
  res.setHeader('retry-after', String(refusal.retryAfterSeconds));
  res.setHeader('content-type', responseContentType(req.headers.accept) ?? APPLICATION_JSON);
  res.setHeader('cache-control', 'no-store');
  res.end(
    JSON.stringify({
      errors: [{ message: MESSAGES[refusal.limit], extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: refusal.retryAfterSeconds, requestId } }],
    }),
  );
}

/** A field refused inside an operation: its error, and the marks that turn the answer into HTTP 429. */
export function rateLimitedError(refusal: RateLimitRefusal, marks: ResponseMarks): GatewayError {
  marks.retryAfterSeconds = Math.max(marks.retryAfterSeconds ?? 0, refusal.retryAfterSeconds);
  return new GatewayError(ErrorCode.RATE_LIMITED, MESSAGES[refusal.limit], { retryAfterSeconds: refusal.retryAfterSeconds });
}
