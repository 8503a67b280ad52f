import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { FormatError } from '../apolloParity/errors.ts';
import { ErrorCode, GatewayError } from '../errors/gatewayError.ts';
import { readGraphqlRequest, toApolloInput, type GraphqlRequest } from '../apolloParity/graphqlRequest.ts';
import { recordRefusal, resultText, sendRefusal, writeResult } from '../apolloParity/response.ts';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { APPLICATION_JSON, responseContentType } from '../apolloParity/mediaTypes.ts';
import type { GatewayContext } from '../context.ts';
import type { FastAnswer, FastPath } from '../fastpath/fastPath.ts';
import type { OperationRecorder } from '../observability/operationRecord.ts';
import type { OperationTrace } from '../observability/tracing/types.ts';
import type { DocumentResolver } from '../persistedDocuments/documentResolver.ts';
import { answerBatch, batchRefusal, type BatchOptions, type BatchPart } from './batch.ts';
import { holdsInexactNumber, inexactElements, mayHoldInexactNumber } from './exactNumbers.ts';
import { BodyTooLargeError, ClientGoneError, readBody } from './readBody.ts';

export interface GraphqlHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  bodyLimitBytes: number;
  /** With ALLOW_BATCHING: JSON-array bodies run as one request per operation (src/http/batch.ts). */
  batching?: BatchOptions | undefined;
  createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext>;
  /** Persisted documents, APQ checks and the safelist, applied to every request before either engine. */
  resolveDocument: DocumentResolver;
  recorder: OperationRecorder;
  formatError: FormatError;
  /** Known-valid operations skip Apollo's pipeline; everything else (and every first sighting) goes to Apollo. */
  fastPath?: FastPath | undefined;
  /** With tracing on: the operation span of a request refused before either engine (its log line carries its ids). */
  startTrace?: ((req: IncomingMessage) => OperationTrace | undefined) | undefined;
}

/**
 * One pipeline for every request shape: read it as Apollo would, resolve its document (persisted documents, APQ,
 * safelist), then run it compiled when it is known, else through Apollo. Bridges node:http to Apollo without a web
 * framework: less per-request work than Express.
 */
export function createGraphqlHandler(options: GraphqlHandlerOptions) {
  return async function handleGraphql(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = performance.now();
    let body: unknown;
    let text = '';
    let inexact = false;
    if (req.method === 'POST') {
      try {
        text = await readBody(req, options.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return refuseEarly(req, res, requestId, started, 413, `Request body is larger than ${error.limit} bytes.`);
        // Nobody to answer, and nothing wrong with the gateway: no error line for every dropped mobile connection.
        if (error instanceof ClientGoneError) return void res.destroy();
        throw error;
      }
      body = parseJsonBody(req, text);
      if (body === INVALID_JSON) return refuseEarly(req, res, requestId, started, 400, 'Request body is not valid JSON.');
      inexact = typeof body === 'object' && holdsInexactNumber(text);
    }
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    let search = queryStart === -1 ? '' : url.slice(queryStart);
    // The raw query string is tested first: the token pattern sees through percent-encoding, so most GETs stop there.
    if (req.method === 'GET') inexact = mayHoldInexactNumber(search) && holdsInexactNumber(new URLSearchParams(search).get('variables') ?? '');

    const request = readGraphqlRequest(req.method, req.headers, search, body);
    const batching = Array.isArray(body) ? options.batching : undefined;
    // A batch refuses only its operations that hold such a number (below); a single request is refused whole.
    if (inexact && batching === undefined) {
      // Before either engine, answered as a request error is (its code on the log line, the negotiated type).
      return sendRefusal(res, inexactRefusal(), request?.responseType ?? responseContentType(req.headers.accept), { requestId, started, recorder: options.recorder, formatError: options.formatError, trace: options.startTrace?.(req) });
    }
    if (batching !== undefined) {
      const operations = body as unknown[];
      const refusal = batchRefusal(operations, batching.maxOperations, req.headers);
      if (refusal !== undefined) return refuseEarly(req, res, requestId, started, 400, refusal);
      const contentType = responseContentType(req.headers.accept);
      if (contentType === null) return refuseEarly(req, res, requestId, started, 406, 'Accept names no type a GraphQL answer comes in: application/graphql-response+json or application/json.');
      const further = operations.length - 1;
      if (further > 0 && (await batching.refusedByRateLimits(req, res, requestId, started, further))) return;
      const inexactAt = inexact ? inexactElements(text, operations.length) : undefined;
      return answerBatch(res, operations, (operation, index) => (inexactAt?.[index] ? refuseInexactPart(req, requestId, started) : runBatchPart(req, requestId, started, operation)), contentType);
    }
    const ran = await runOperation(req, requestId, started, request, search, body);
    if (ran.kind === 'refused') return writeResult(res, ran.status, ran.contentType, { errors: ran.errors });
    if (ran.kind === 'compiled') return writeResult(res, ran.answer.status, ran.answer.contentType, ran.answer.result, ran.answer.headers);
    const { result } = ran;
    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /**
   * Refused before any GraphQL: still one log line (its code, the request id the client got) and counted, and in the
   * type the client reads (Apollo Kotlin reads a non-2xx body only as application/graphql-response+json). Not a
   * closure made per request: tsx names every such closure with a defineProperty call, on every request.
   */
  function refuseEarly(req: IncomingMessage, res: ServerResponse, requestId: string, started: number, status: number, message: string): void {
    options.recorder.refused(requestId, started, [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }], options.startTrace?.(req));
    sendJsonError(res, status, ErrorCode.BAD_REQUEST, message, requestId, responseContentType(req.headers.accept) ?? APPLICATION_JSON);
  }

  /** An operation of a batch holding a number a double cannot hold exactly: refused alone, as it would be as a request. */
  async function refuseInexactPart(req: IncomingMessage, requestId: string, started: number): Promise<BatchPart> {
    const errors = recordRefusal(inexactRefusal(), { requestId, started, recorder: options.recorder, formatError: options.formatError, trace: options.startTrace?.(req) });
    return { headers: [], text: resultText({ errors }) };
  }

  /**
   * One operation, as a request or as one of a batch: its document rules (persisted documents, APQ, safelist), then
   * compiled when its document is known, else Apollo.
   */
  async function runOperation(req: IncomingMessage, requestId: string, started: number, request: GraphqlRequest | undefined, search: string, body: unknown): Promise<Ran> {
    if (request !== undefined) {
      const resolution = options.resolveDocument(request, requestId);
      if (resolution.kind === 'refused') {
        const context = { requestId, started, recorder: options.recorder, formatError: options.formatError, trace: options.startTrace?.(req) };
        return { kind: 'refused', status: resolution.refusal.status, contentType: request.responseType ?? APPLICATION_JSON, errors: recordRefusal(resolution.refusal, context) };
      }
      const answer = await options.fastPath?.(req, requestId, resolution.request);
      if (answer !== undefined) return { kind: 'compiled', answer };
      if (resolution.rewritten) ({ body, search } = toApolloInput(resolution.request));
    }
    return { kind: 'apollo', result: await runApollo(req, requestId, search, body) };
  }

  function runApollo(req: IncomingMessage, requestId: string, search: string, body: unknown) {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    return options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context: () => options.createContext(req, requestId),
    });
  }

  /** One operation of a batch, as a request of its own; a fault in it answers it alone, not its siblings. */
  async function runBatchPart(req: IncomingMessage, requestId: string, started: number, operation: unknown): Promise<BatchPart> {
    try {
      const ran = await runOperation(req, requestId, started, readGraphqlRequest('POST', req.headers, '', operation), '', operation);
      if (ran.kind === 'refused') return { headers: [], text: resultText({ errors: ran.errors }) };
      if (ran.kind === 'compiled') return { headers: ran.answer.headers, text: resultText(ran.answer.result) };
      const { body } = ran.result;
      let text = '';
      if (body.kind === 'complete') text = body.string;
      else for await (const chunk of body.asyncIterator) text += chunk;
      return { headers: ran.result.headers, text };
    } catch (error) {
      const internal = new GraphQLError('Internal server error', { originalError: error as Error });
      options.recorder.unexpectedErrors(requestId, [internal]);
      const errors = [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } }];
      options.recorder.refused(requestId, started, errors, undefined);
      return { headers: [], text: resultText({ errors }) };
    }
  }
}

/** What became of one operation: refused by the document rules, answered compiled, or answered by Apollo. */
type Ran =
  | { kind: 'refused'; status: number; contentType: string; errors: GraphQLFormattedError[] }
  | { kind: 'compiled'; answer: FastAnswer }
  | { kind: 'apollo'; result: HTTPGraphQLResponse };

const INVALID_JSON = Symbol('invalid JSON');
/** Before either engine: once parsed, the number would already be another amount. */
/** What a request (or a batch's operation) holding a number a double would change is refused with. */
function inexactRefusal() {
  return { status: 400, error: new GatewayError(ErrorCode.BAD_USER_INPUT, INEXACT_NUMBER) };
}

const INEXACT_NUMBER = 'A number in the request has more digits than a JSON number keeps exactly: send amounts as strings, e.g. "19.99".';

function parseJsonBody(req: IncomingMessage, text: string): unknown {
  // Media types are case-insensitive. Non-JSON bodies go to Apollo as text, which rejects them with its usual 400 (and CSRF rules).
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('json')) return text;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

export function sendJsonError(res: ServerResponse, status: number, code: string, message: string, requestId: string, contentType = APPLICATION_JSON): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}
