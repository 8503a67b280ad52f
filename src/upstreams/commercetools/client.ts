import { UnauthenticatedError } from '../../errors/gatewayError.ts';
import { checkId } from '../../validation/commercetoolsInput.ts';
import type { TraceParent, UpstreamHeaders } from '../../observability/tracing/types.ts';
import type { UpstreamHttp, UpstreamRequest } from '../http/upstreamHttp.ts';
import { UpstreamBodyError } from '../http/upstreamErrors.ts';
import { mapCommercetoolsError } from './errors.ts';
import { parseCtJson, stringifyCtJson } from './json.ts';
import type { CtDraft, CtMyPayment, CtPagedQueryResponse, CtQueryParams, CtUpdateAction } from './types.ts';

/** The caller's identity towards commercetools: their own bearer token, forwarded as is. */
export interface CtCaller {
  authorization: string | undefined;
  requestId: string;
  /** Told when a request may have left for commercetools (see UpstreamRequest.onDispatch). */
  onDispatch?: (() => void) | undefined;
  /** The span this caller's upstream calls hang under, when traced. */
  trace?: TraceParent | undefined;
}

/** My Payments over HTTP. One instance per gateway; each call carries the caller it acts for. */
export class CommercetoolsClient {
  private readonly prefix: string;

  constructor(
    private readonly http: UpstreamHttp,
    projectKey: string,
  ) {
    this.prefix = `/${encodeURIComponent(projectKey)}/me/payments`;
  }

  async getByIds(caller: CtCaller, ids: readonly string[]): Promise<CtMyPayment[]> {
    const vars: Record<string, string[]> = { ids: [...ids] };
    const page = await this.query(caller, { where: ['id in :ids'], vars, limit: ids.length, offset: 0, withTotal: false });
    return page.results;
  }

  async query(caller: CtCaller, params: CtQueryParams): Promise<CtPagedQueryResponse> {
    const search = new URLSearchParams();
    appendPredicates(search, params);
    for (const sort of params.sort ?? []) search.append('sort', sort);
    search.set('limit', String(params.limit));
    search.set('offset', String(params.offset));
    search.set('withTotal', String(params.withTotal));
    const page = await this.json<CtPagedQueryResponse>(caller, 'GET', `?${search}`, 'GET /me/payments');
    // A wrong-shaped page must surface as UPSTREAM_ERROR, not as a masked crash in the field resolvers.
    if (!Array.isArray(page.results) || !page.results.every(isPaymentLike)) {
      throw mapCommercetoolsError(new UpstreamBodyError('commercetools', 200, 'query response without payment results'));
    }
    return page;
  }

  async existsById(caller: CtCaller, id: string): Promise<boolean> {
    const res = await this.call(caller, { method: 'HEAD', path: `/${idSegment(id)}`, endpoint: 'HEAD /me/payments/{id}' });
    return res.status === 200;
  }

  /** `HEAD /me/payments?where=…`: whether any of the caller's payments matches every predicate. */
  async exists(caller: CtCaller, params: Pick<CtQueryParams, 'where' | 'vars'>): Promise<boolean> {
    const search = new URLSearchParams();
    appendPredicates(search, params);
    const res = await this.call(caller, { method: 'HEAD', path: `?${search}`, endpoint: 'HEAD /me/payments' });
    return res.status === 200;
  }

  create(caller: CtCaller, draft: CtDraft): Promise<CtMyPayment> {
    return this.payment(caller, 'POST', '', 'POST /me/payments', draft);
  }

  update(caller: CtCaller, id: string, version: number, actions: CtUpdateAction[]): Promise<CtMyPayment> {
    return this.payment(caller, 'POST', `/${idSegment(id)}`, 'POST /me/payments/{id}', { version, actions });
  }

  delete(caller: CtCaller, id: string, version: number): Promise<CtMyPayment> {
    return this.payment(caller, 'DELETE', `/${idSegment(id)}?version=${version}`, 'DELETE /me/payments/{id}');
  }

  /** A write's answer must be a payment; anything else leaves its outcome unknown (the payment may exist). */
  private async payment(caller: CtCaller, method: UpstreamRequest['method'], path: string, endpoint: string, body?: unknown): Promise<CtMyPayment> {
    const payment = await this.json<unknown>(caller, method, path, endpoint, body);
    if (!isPaymentLike(payment)) throw mapCommercetoolsError(new UpstreamBodyError('commercetools', 200, 'not a payment'), { method });
    return payment as CtMyPayment;
  }

  private async json<T>(caller: CtCaller, method: UpstreamRequest['method'], path: string, endpoint: string, body?: unknown): Promise<T> {
    const res = await this.call(caller, { method, path, endpoint, body: body === undefined ? undefined : stringifyCtJson(body) });
    try {
      const parsed = parseCtJson(res.text);
      if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
      return parsed as T;
    } catch {
      throw mapCommercetoolsError(new UpstreamBodyError('commercetools', res.status, 'invalid JSON'), { method });
    }
  }

  private async call(caller: CtCaller, req: { method: UpstreamRequest['method']; path: string; endpoint: string; body?: string | undefined }) {
    if (caller.authorization === undefined) {
      throw new UnauthenticatedError('Send the shopper\'s commercetools token as "Authorization: Bearer <token>".');
    }
    // One shape for every call (undefined headers are not sent): the trace headers are set on it when traced.
    const headers: UpstreamHeaders = {
      authorization: caller.authorization,
      accept: 'application/json',
      'x-correlation-id': caller.requestId,
      'content-type': req.body === undefined ? undefined : 'application/json',
      traceparent: undefined,
      tracestate: undefined,
    };
    try {
      // One literal, in UpstreamRequest's order, whatever the call: every request the client sends has one hidden class.
      return await this.http.send({
        method: req.method,
        path: this.prefix + req.path,
        headers,
        body: req.body,
        endpoint: req.endpoint,
        requestId: caller.requestId,
        onDispatch: caller.onDispatch,
        trace: caller.trace,
      });
    } catch (error) {
      throw mapCommercetoolsError(error, req);
    }
  }
}


/** The fields every payment resolver relies on; the rest is optional in the API too. */
function isPaymentLike(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const payment = value as Partial<CtMyPayment>;
  return typeof payment.id === 'string' && payment.amountPlanned !== null && typeof payment.amountPlanned === 'object';
}

function appendPredicates(search: URLSearchParams, params: Pick<CtQueryParams, 'where' | 'vars'>): void {
  for (const where of params.where ?? []) search.append('where', where);
  for (const [name, values] of Object.entries(params.vars ?? {})) for (const value of values) search.append(`var.${name}`, value);
}

/** Resolvers check ids first; this keeps a path segment from ever being `..` or holding a `/` whatever the caller. */
function idSegment(id: string): string {
  return checkId(id, 'id');
}
