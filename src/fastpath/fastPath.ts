import type { IncomingMessage, ServerResponse } from 'node:http';
import { getVariableValues, type ExecutionResult, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { CostCheck } from '../limits/cost.ts';
import type { OperationRecorder } from '../observability/operationRecord.ts';
import { asGraphqlJsError, asUserInputError, formatErrorsLikeApollo } from './apolloErrors.ts';
import type { CompiledCache, CompiledOperation } from './compiledCache.ts';
import { expandSiblings } from './siblingDedupe.ts';

export interface FastPathOptions {
  schema: GraphQLSchema;
  cache: CompiledCache;
  costCheck: CostCheck;
  recorder: OperationRecorder;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext>;
}

/** Serves a body Apollo would accept as-is, or answers `false` and leaves the request to Apollo. */
export type FastPath = (req: IncomingMessage, res: ServerResponse, requestId: string, body: unknown) => Promise<boolean>;

interface PlainRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * Apollo's request pipeline (HeaderMap, plugins, hooks, document store, response head merging) costs more than
 * executing a known operation. A document Apollo has already parsed, validated and let run is executed here with
 * graphql-jit, with the same context, cost limit, error formatting, log line, metrics and headers.
 */
export function createFastPath(options: FastPathOptions): FastPath {
  return async (req, res, requestId, body) => {
    if (req.method !== 'POST' || !isPlainJson(req)) return false;
    const request = plainRequest(body);
    if (request === undefined) return false;
    const entry = options.cache.get(request.query, request.operationName);
    if (entry === undefined) return false;

    const started = performance.now();
    const context = await options.createContext(req, requestId);
    const { status, result } = await run(options, entry, context, request.variables);
    context.trace?.finished(entry.document, entry.operation, result);
    // Apollo logs the resolved operation's name, not the one the request asked for.
    options.recorder.finished(requestId, started, entry.operation.name?.value ?? null, result);
    // Apollo's field order (errors, data, extensions) and its `prettyJSONStringify` trailing newline.
    const text = `${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`;
    // With its length known, Node sends one plain body instead of chunked framing (and Apollo's answer has it too).
    res.writeHead(status, { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  };
}

interface Outcome {
  status: number;
  result: { errors?: GraphQLFormattedError[]; data?: unknown; extensions?: unknown };
}

async function run(options: FastPathOptions, entry: CompiledOperation, context: GatewayContext, variables: Record<string, unknown>): Promise<Outcome> {
  const fail = (status: number, errors: readonly GraphQLError[]): Outcome => {
    options.recorder.unexpectedErrors(context.requestId, errors);
    return { status, result: { errors: formatErrorsLikeApollo(errors, options.formatError) } };
  };
  try {
    options.costCheck(entry.document, entry.operation, variables);
  } catch (error) {
    return fail(400, [error as GraphQLError]);
  }
  const raw: ExecutionResult = await entry.compiled.query(undefined, context, variables);
  const executed = entry.siblings === undefined ? raw : expandSiblings(entry.siblings, raw);
  if (executed.errors === undefined || executed.errors.length === 0) return { status: 200, result: { data: executed.data, extensions: executed.extensions } };
  if (executed.data === undefined) {
    // Variables were refused before execution: report them in graphql-js' words, as Apollo does (400).
    const coercion = getVariableValues(options.schema, entry.operation.variableDefinitions ?? [], variables).errors;
    return fail(400, (coercion ?? executed.errors.map(asGraphqlJsError)).map(asUserInputError));
  }
  const errors = executed.errors.map(asGraphqlJsError);
  options.recorder.unexpectedErrors(context.requestId, errors);
  return { status: 200, result: { errors: formatErrorsLikeApollo(errors, options.formatError), data: executed.data, extensions: executed.extensions } };
}

/** `content-type: application/json` (any charset): CSRF-safe for Apollo, and the only type Apollo reads as JSON here. */
function isPlainJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (type === undefined || type.split(';', 1)[0]?.trim().toLowerCase() !== 'application/json') return false;
  // Other accept values may negotiate another response type (application/graphql-response+json): Apollo's to decide.
  const accept = req.headers.accept;
  return accept === undefined || accept === '*/*' || accept === 'application/json';
}

const KEYS = new Set(['query', 'operationName', 'variables']);

/** Only `{query, operationName?, variables?}`: batches, persisted queries and extensions stay with Apollo. */
function plainRequest(body: unknown): PlainRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  for (const key in fields) if (!KEYS.has(key)) return undefined;
  const { query, operationName, variables } = fields;
  if (typeof query !== 'string') return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? {}) as Record<string, unknown> };
}
