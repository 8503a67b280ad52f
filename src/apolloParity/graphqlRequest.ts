import type { IncomingHttpHeaders } from 'node:http';
import { mediaTypeEssence, passesCsrfPrevention, prefersLandingPage, responseContentType } from './mediaTypes.ts';

/** One GraphQL request as Apollo's runHttpQuery reads it from a POST body or GET search parameters. */
export interface GraphqlRequest {
  method: 'GET' | 'POST';
  query: string | undefined;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  extensions: Record<string, unknown> | undefined;
  /** GraphQL-over-HTTP persisted documents (`sha256:<hex>` or the bare hex): resolved by src/persistedDocuments/. */
  documentId: string | undefined;
  /** SHA-256 (hex) of the document, once known: from APQ, a manifest entry, or computed for the safelist. */
  hash: string | undefined;
  /** The type Apollo would answer a single result with; null: Apollo answers 406 itself. */
  responseType: string | null;
}

/**
 * What Apollo would read from this HTTP request, or undefined wherever Apollo must answer itself: malformed
 * requests (its BadRequest wording and status), arrays (batches are split before, src/http/batch.ts), other
 * methods, CSRF refusals and its landing page.
 * Only shapes that Apollo accepts are read here, so whatever engine serves them answers as Apollo does.
 */
export function readGraphqlRequest(method: string | undefined, headers: IncomingHttpHeaders, search: string, body: unknown): GraphqlRequest | undefined {
  if (method === 'POST') return fromPostBody(body, headers);
  if (method === 'GET') return fromSearch(search, headers);
  return undefined;
}

function fromPostBody(body: unknown, headers: IncomingHttpHeaders): GraphqlRequest | undefined {
  // Non-JSON bodies reach Apollo as text (refused there); JSON arrays are batches.
  if (mediaTypeEssence(headers['content-type']) !== 'application/json' || !isRecord(body)) return undefined;
  // Apollo reads a null field as a missing one.
  const { query, operationName, variables, extensions, documentId } = withoutNulls(body);
  if (!isStringOrMissing(query) || !isStringOrMissing(operationName) || !isStringOrMissing(documentId)) return undefined;
  if (!isRecordOrMissing(variables) || !isRecordOrMissing(extensions)) return undefined;
  return request('POST', headers, { query, operationName, variables, extensions, documentId });
}

function fromSearch(search: string, headers: IncomingHttpHeaders): GraphqlRequest | undefined {
  const type = headers['content-type'];
  // Apollo: 415 for another content type; a CSRF refusal without one and without a preflight header.
  if (type !== undefined && mediaTypeEssence(type) !== 'application/json') return undefined;
  if (!passesCsrfPrevention(headers) || prefersLandingPage(headers.accept)) return undefined;
  const params = new URLSearchParams(search);
  const fields: Record<string, string | undefined> = {};
  for (const name of ['query', 'operationName', 'variables', 'extensions', 'documentId']) {
    const values = params.getAll(name);
    // Apollo: "The '…' search parameter may only be specified once."
    if (values.length > 1) return undefined;
    fields[name] = values[0];
  }
  const variables = jsonRecord(fields.variables);
  const extensions = jsonRecord(fields.extensions);
  if (variables === INVALID || extensions === INVALID) return undefined;
  return request('GET', headers, { query: fields.query, operationName: fields.operationName, variables, extensions, documentId: fields.documentId });
}

type Fields = Pick<GraphqlRequest, 'query' | 'operationName' | 'variables' | 'extensions' | 'documentId'>;

function request(method: GraphqlRequest['method'], headers: IncomingHttpHeaders, fields: Fields): GraphqlRequest | undefined {
  // An empty query is Apollo's "must contain a non-empty `query`" error.
  if (fields.query === '') return undefined;
  return { method, ...fields, hash: undefined, responseType: responseContentType(headers.accept) };
}

const INVALID = Symbol('invalid');

function jsonRecord(text: string | undefined): Record<string, unknown> | undefined | typeof INVALID {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : INVALID;
  } catch {
    return INVALID;
  }
}

function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of ['query', 'operationName', 'variables', 'extensions', 'documentId']) fields[name] = body[name] ?? undefined;
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function isStringOrMissing(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isRecordOrMissing(value: unknown): value is Record<string, unknown> | undefined {
  return value === undefined || isRecord(value);
}

/** The request in the form Apollo reads it: a POST body, or GET search parameters (with a leading `?`). */
export function toApolloInput(request: GraphqlRequest): { body: unknown; search: string } {
  const { query, operationName, variables, extensions } = request;
  // Apollo refuses a key that is present with `undefined` (`'variables' in body`), so only defined ones are set.
  const fields = Object.fromEntries(Object.entries({ query, operationName, variables, extensions }).filter(([, value]) => value !== undefined));
  if (request.method === 'POST') return { body: fields, search: '' };
  const params = new URLSearchParams();
  if (query !== undefined) params.set('query', query);
  if (operationName !== undefined) params.set('operationName', operationName);
  if (variables !== undefined) params.set('variables', JSON.stringify(variables));
  if (extensions !== undefined) params.set('extensions', JSON.stringify(extensions));
  return { body: undefined, search: `?${params.toString()}` };
}
