import { auditResponseCodes, auditSentSecrets } from './suiteAudit.ts';

/** A GraphQL-over-HTTP client as a browser would use it: POST JSON, read the status, headers and text. */
export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
  text: string;
}

export interface GqlOptions {
  variables?: Record<string, unknown>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as `X-OCC-Authorization: Bearer <token>` (an Oracle Commerce agent token). */
  occToken?: string;
  headers?: Record<string, string>;
  operationName?: string;
}

export async function postGraphql<T>(url: string, query: string, options: GqlOptions = {}): Promise<GraphqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.occToken !== undefined) headers['x-occ-authorization'] = `Bearer ${options.occToken}`;
  auditSentSecrets(headers, options.variables);
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as GraphqlResponse<T>['body'];
  auditResponseCodes(body.errors);
  return { status: res.status, headers: res.headers, body, text };
}

/** A JSON-array batch (Apollo Kotlin's and iOS's HTTP batching): one answer per operation, or one refusal of all. */
export interface BatchResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: Array<GraphqlResponse<T>['body'] & { extensions?: Record<string, unknown> }> | GraphqlResponse<T>['body'];
}

export async function postBatch<T = Record<string, unknown>>(url: string, operations: unknown[], headers: Record<string, string> = {}): Promise<BatchResponse<T>> {
  const sent = { 'content-type': 'application/json', ...headers };
  auditSentSecrets(sent, { operations });
  const res = await fetch(url, { method: 'POST', headers: sent, body: JSON.stringify(operations) });
  const body = JSON.parse(await res.text()) as BatchResponse<T>['body'];
  for (const item of Array.isArray(body) ? body : [body]) auditResponseCodes(item.errors);
  return { status: res.status, headers: res.headers, body };
}
