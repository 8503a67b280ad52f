import type { IncomingHttpHeaders } from 'node:http';
import Negotiator from 'negotiator';
import { remembered } from '../memo.ts';

/** Apollo Server 5's MEDIA_TYPES (ApolloServer.ts): the response types it negotiates for a single result. */
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const JSON_GRAPHQL_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';
const SINGLE_RESULT_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, JSON_GRAPHQL_CALLBACK];
/** `prefersHTML`: the landing page is Apollo's when text/html wins over every GraphQL type (listed first, so ties go to them). */
const LANDING_PAGE_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, 'multipart/mixed; deferSpec=20220824', 'multipart/mixed; incrementalSpec=v0.2', 'multipart/mixed', 'text/html'];

/** Clients send a handful of distinct accept headers; negotiating each once keeps Negotiator off the hot path. */
const contentTypes = new Map<string, string | null>();
const prefersHtml = new Map<string, boolean>();

/**
 * `chooseContentTypeForSingleResultResponse`: the content type Apollo answers a single result with for this
 * `accept` header, or null where it answers 406 (nothing acceptable).
 */
export function responseContentType(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  return remembered(contentTypes, accept, () => new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null);
}

/** A GET that would get Apollo's landing page (when one is installed) rather than a GraphQL answer. */
export function prefersLandingPage(accept: string | undefined): boolean {
  if (!accept) return false;
  return remembered(prefersHtml, accept, () => new Negotiator({ headers: { accept } }).mediaType(LANDING_PAGE_TYPES) === 'text/html');
}


/** The essence of a content-type header (`application/json` for `Application/JSON; charset=utf-8`). */
export function mediaTypeEssence(header: string | undefined): string | undefined {
  return header?.split(';', 1)[0]?.trim().toLowerCase();
}

/** Apollo's CSRF prevention headers (`recommendedCsrfPreventionRequestHeaders`). */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'] as const;

/**
 * preventCsrf.ts, for the content types the compiled path takes: `application/json` forces a browser preflight;
 * without a content type, one of Apollo's non-empty preflight headers must be there (else Apollo refuses: CSRF).
 */
export function passesCsrfPrevention(headers: IncomingHttpHeaders): boolean {
  const type = mediaTypeEssence(headers['content-type']);
  if (type === 'application/json') return true;
  if (type !== undefined) return false;
  return PREFLIGHT_HEADERS.some((name) => {
    const value = headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}
