import type { GraphqlRequest } from '../apolloParity/graphqlRequest.ts';
import type { RequestRefusal } from '../apolloParity/response.ts';
import type { SafelistMode } from '../config.ts';
import { ErrorCode, GatewayError } from '../errors/gatewayError.ts';
import type { DocumentFingerprint } from '../observability/documentFingerprint.ts';
import type { Logger } from '../observability/logger.ts';
import { redactName } from '../observability/redact.ts';
import { sha256Hex, type PersistedManifest } from './manifest.ts';

export type Resolution =
  | { kind: 'request'; request: GraphqlRequest; /** The document text was filled in here: Apollo needs the rewritten request. */ rewritten: boolean }
  | { kind: 'refused'; refusal: RequestRefusal };

export type DocumentResolver = (request: GraphqlRequest, requestId: string) => Resolution;

export interface DocumentResolverOptions {
  manifest: PersistedManifest | undefined;
  safelist: SafelistMode;
  logger: Logger;
  /** Names a document on the log line (never its SHA-256: see documentFingerprint.ts). */
  fingerprint: DocumentFingerprint;
}

const HASH = /^[0-9a-f]{64}$/;
/** Safelist checks hash each distinct query text once; the busiest texts stay remembered. */
const MAX_REMEMBERED_TEXTS = 1000;
const MAX_REMEMBERED_LENGTH = 32_768;

/**
 * Resolves what the request names before either engine (compiled or Apollo) sees it, so both answer alike:
 * a `documentId` or an APQ hash from the manifest becomes its text; APQ requests Apollo would fail with a masked
 * INTERNAL_SERVER_ERROR (a wrong hash, another version) get their own codes; the safelist is applied.
 */
export function createDocumentResolver(options: DocumentResolverOptions): DocumentResolver {
  const { manifest, safelist, logger } = options;
  const hashes = new Map<string, string>();
  const hashOf = (query: string): string => {
    if (query.length > MAX_REMEMBERED_LENGTH) return sha256Hex(query);
    let hash = hashes.get(query);
    if (hash === undefined) {
      hash = sha256Hex(query);
      if (hashes.size >= MAX_REMEMBERED_TEXTS) hashes.delete(hashes.keys().next().value as string);
      hashes.set(query, hash);
    }
    return hash;
  };

  return (request, requestId) => {
    if (request.query === undefined && request.documentId !== undefined) return fromDocumentId(request);

    const persistedQuery = request.extensions?.persistedQuery;
    // Apollo's test: any truthy `persistedQuery` makes the request an APQ one.
    if (persistedQuery) {
      const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
      if (version !== 1) return unsupportedVersion();
      if (request.query === undefined) {
        // A hash that is not a digest is Apollo's to answer (PersistedQueryNotFound).
        if (typeof sha256Hash !== 'string' || !HASH.test(sha256Hash)) return { kind: 'request', request, rewritten: false };
        const listed = manifest?.get(sha256Hash);
        // Served from the manifest: nothing to register in the APQ cache (a write per request otherwise).
        if (listed !== undefined) return { kind: 'request', request: { ...request, query: listed, hash: sha256Hash, extensions: withoutPersistedQuery(request.extensions) }, rewritten: true };
        if (safelist === 'enforce') return notInList();
        return { kind: 'request', request: { ...request, hash: sha256Hash }, rewritten: false };
      }
      if (typeof sha256Hash !== 'string' || hashOf(request.query) !== sha256Hash) {
        return refuse(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 'The persisted query hash is not the SHA-256 of the query sent with it.');
      }
      return safelisted({ ...request, hash: sha256Hash }, request.query, requestId);
    }
    if (request.query === undefined) return { kind: 'request', request, rewritten: false };
    return safelisted(request, request.query, requestId);
  };

  function fromDocumentId(request: GraphqlRequest): Resolution {
    if (manifest === undefined) return refuse(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, 'This gateway has no persisted documents: send the query text.');
    const id = request.documentId!;
    const hash = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
    const listed = manifest.get(hash);
    if (listed === undefined) return notInList();
    // An APQ extension beside it must name the same document (Apollo would fail the pair with a masked error).
    const persistedQuery = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
    if (persistedQuery) {
      if (persistedQuery.version !== 1) return unsupportedVersion();
      if (persistedQuery.sha256Hash !== hash) return refuse(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 'The persisted query hash is not the documentId it is sent with.');
    }
    // Served from the manifest: nothing to register in the APQ cache, as for a listed hash above.
    const extensions = withoutPersistedQuery(request.extensions);
    return { kind: 'request', request: { ...request, query: listed, hash, documentId: undefined, extensions }, rewritten: true };
  }

  function safelisted(request: GraphqlRequest, query: string, requestId: string): Resolution {
    if (safelist === 'off' || manifest === undefined) return { kind: 'request', request, rewritten: false };
    const hash = request.hash ?? hashOf(query);
    if (!manifest.has(hash)) {
      if (safelist === 'enforce') return refuse(ErrorCode.QUERY_NOT_IN_SAFELIST, 'This document is not in the safelist of persisted documents.');
      logger.warn({ requestId, operationName: request.operationName == null ? null : redactName(request.operationName), documentHash: options.fingerprint(hash) }, 'document not in safelist');
    }
    return { kind: 'request', request: { ...request, hash }, rewritten: false };
  }
}

function unsupportedVersion(): Resolution {
  return refuse(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, 'Only version 1 of automatic persisted queries is supported.');
}

function notInList(): Resolution {
  return refuse(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 'This persisted document is not in the list of documents this gateway accepts.');
}

function refuse(code: ErrorCode, message: string): Resolution {
  return { kind: 'refused', refusal: { status: 400, error: new GatewayError(code, message) } };
}

function withoutPersistedQuery(extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (extensions === undefined) return undefined;
  const { persistedQuery: _persistedQuery, ...rest } = extensions;
  return Object.keys(rest).length === 0 ? undefined : rest;
}
