import { createHash } from 'node:crypto';
import { auditResponseCodes, auditSentSecrets } from './suiteAudit.ts';

/** How real clients send one operation (see the README's "Request shapes"). */
export type RequestShape =
  /** curl, fetch: `content-type: application/json`, no accept. */
  | 'plain'
  /** Apollo Client 4: GraphQL-over-HTTP accept header and an `extensions` object in every body. */
  | 'apolloClient4'
  /** APQ registration: query text and its hash. */
  | 'apqRegister'
  /** APQ: the hash only, POST (Apollo Client's persisted query link, Apollo Kotlin). */
  | 'apqHashOnly'
  /** APQ: the hash only, GET with a CSRF preflight header (Apollo iOS, `useGETForHashedQueries`). */
  | 'apqGet'
  /** GET with the query text. */
  | 'get'
  /** GraphQL-over-HTTP persisted document: `{"documentId": "sha256:<hex>"}`. */
  | 'documentId';

export const SHAPES: readonly RequestShape[] = ['plain', 'apolloClient4', 'apqRegister', 'apqHashOnly', 'apqGet', 'get', 'documentId'];

export const AC4_ACCEPT = 'application/graphql-response+json, application/json;q=0.9';

export interface ShapedOperation {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The fetch() arguments for `operation` sent as `shape`. */
export function shapedRequest(url: string, shape: RequestShape, operation: ShapedOperation): [string, RequestInit] {
  const { query, variables, operationName } = operation;
  const hash = sha256(query);
  const persistedQuery = { version: 1, sha256Hash: hash };
  const json = { 'content-type': 'application/json', ...operation.headers };
  const post = (body: Record<string, unknown>, headers: Record<string, string> = json): [string, RequestInit] => [url, { method: 'POST', headers, body: JSON.stringify(body) }];
  const get = (params: Record<string, string | undefined>): [string, RequestInit] => {
    const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return [`${url}?${search}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true', ...operation.headers } }];
  };
  const vars = variables === undefined ? undefined : JSON.stringify(variables);
  switch (shape) {
    case 'plain':
      return post({ query, variables, operationName });
    case 'apolloClient4':
      return post({ query, variables, operationName, extensions: { clientLibrary: { name: '@apollo/client', version: '4.0.9' } } }, { ...json, accept: AC4_ACCEPT });
    case 'apqRegister':
      return post({ query, variables, operationName, extensions: { persistedQuery } });
    case 'apqHashOnly':
      return post({ variables, operationName, extensions: { persistedQuery } });
    case 'apqGet':
      return get({ operationName, variables: vars, extensions: JSON.stringify({ persistedQuery }) });
    case 'get':
      return get({ query, operationName, variables: vars });
    case 'documentId':
      return post({ documentId: `sha256:${hash}`, variables, operationName });
  }
}

export async function sendShaped(url: string, shape: RequestShape, operation: ShapedOperation): Promise<RawResponse> {
  auditSentSecrets(operation.headers ?? {}, operation.variables);
  const res = await fetch(...shapedRequest(url, shape, operation));
  const text = await res.text();
  let body: RawResponse['body'] = {};
  try {
    body = JSON.parse(text) as RawResponse['body'];
  } catch {
    // Not JSON (Apollo's landing page): the caller asserts on text and status.
  }
  auditResponseCodes(body.errors);
  return { status: res.status, headers: res.headers, text, body };
}
