import { parse, stringify } from 'lossless-json';
import { UnauthenticatedError } from '../../errors/gatewayError.ts';
import type { TraceParent, UpstreamHeaders } from '../../observability/tracing/types.ts';
import type { UpstreamHttp } from '../http/upstreamHttp.ts';
import { UpstreamBodyError } from '../http/upstreamErrors.ts';
import { mapOccError } from './errors.ts';
import { withoutCardData } from './secrets.ts';
import type { OccAddPaymentsRequest, OccAddPaymentsResponse } from './types.ts';

/** The agent acting through the gateway: their OCC bearer credential (`Bearer …`), forwarded as is. */
export interface OccCaller {
  authorization: string | undefined;
  requestId: string;
  /** Told when a request may have left for Oracle Commerce (see UpstreamRequest.onDispatch). */
  onDispatch?: (() => void) | undefined;
  /** The span this caller's upstream calls hang under, when traced. */
  trace?: TraceParent | undefined;
}

export interface OccAgentClientOptions {
  /** Sent as `x-ccsite` to pick the site of a multi-site instance. */
  siteId?: string | undefined;
}

/** The Oracle Commerce agent API. One instance per gateway; each call carries the agent it acts for. */
export class OccAgentClient {
  constructor(
    private readonly http: UpstreamHttp,
    private readonly options: OccAgentClientOptions = {},
  ) {}

  /** `POST /ccagent/v1/payment`. Sent exactly once: repeating a payment call could charge a shopper twice. */
  async addPayments(caller: OccCaller, request: OccAddPaymentsRequest): Promise<OccAddPaymentsResponse> {
    if (caller.authorization === undefined) {
      throw new UnauthenticatedError('Send the Oracle Commerce agent token as "X-OCC-Authorization: Bearer <token>".', { upstream: 'occ' });
    }
    // One shape for every call (undefined headers are not sent); the trace headers are set on it when traced.
    const headers: UpstreamHeaders = {
      authorization: caller.authorization,
      accept: 'application/json',
      'content-type': 'application/json',
      'x-ccsite': this.options.siteId,
      traceparent: undefined,
      tracestate: undefined,
    };
    const secrets = secretsOf(request);
    let text: string;
    try {
      const res = await this.http.send({
        method: 'POST',
        path: '/ccagent/v1/payment',
        headers,
        // Integers beyond 2^53 in custom properties (bigints) are written as their digits.
        body: stringify(request) ?? '',
        endpoint: 'POST /ccagent/v1/payment',
        requestId: caller.requestId,
        onDispatch: caller.onDispatch,
        trace: caller.trace,
      });
      text = res.text;
    } catch (error) {
      throw mapOccError(error, secrets);
    }
    return parseAddPaymentsResponse(text, secrets);
  }
}

/** Numbers keep their exact text (LosslessNumber): an amount never passes through a double. */
function parseAddPaymentsResponse(text: string, secrets: readonly string[]): OccAddPaymentsResponse {
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    throw mapOccError(new UpstreamBodyError('occ', 200, 'invalid JSON'), secrets);
  }
  const response = body as Partial<OccAddPaymentsResponse> | null;
  if (response === null || typeof response !== 'object' || !Array.isArray(response.paymentResponses)) {
    throw mapOccError(new UpstreamBodyError('occ', 200, 'no paymentResponses'), secrets);
  }
  return withoutCardData(response, secrets) as OccAddPaymentsResponse;
}

/** The values that must never come back out, should OCC ever echo them in an answer or an error text. */
function secretsOf(request: OccAddPaymentsRequest): string[] {
  return request.payments
    .flatMap((payment) => [payment.cardNumber, payment.cardCVV, payment.giftCardNumber, payment.giftCardPin])
    .filter((value): value is string => value !== undefined && value.length >= 3);
}
