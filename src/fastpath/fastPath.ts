import type { IncomingMessage } from 'node:http';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { getVariableValues, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { asGraphqlJsError, formatErrorsLikeApollo, variableErrorsLikeApollo, type FormatError } from '../apolloParity/errors.ts';
import type { GraphqlRequest } from '../apolloParity/graphqlRequest.ts';
import type { FormattedResult } from '../apolloParity/response.ts';
import type { GatewayContext } from '../context.ts';
import { extensionsFromMarks, headersFromMarks, statusFromMarks } from '../http/responseMarks.ts';
import type { CostCheck } from '../limits/cost.ts';
import type { Logger } from '../observability/logger.ts';
import type { OperationRecorder } from '../observability/operationRecord.ts';
import type { CompiledCache, CompiledOperation } from './compiledCache.ts';
import { errorsRaceInGraphqlJs } from '../apolloParity/errorRace.ts';
import { expandSiblings } from './siblingDedupe.ts';

export interface FastPathOptions {
  schema: GraphQLSchema;
  cache: CompiledCache;
  costCheck: CostCheck;
  recorder: OperationRecorder;
  formatError: FormatError;
  /** The APQ cache Apollo uses (unprefixed): a query sent with its hash is registered in it here too, as Apollo does. */
  apqCache: KeyValueCache<string>;
  logger: Logger;
  createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext>;
}

/** The answer to one operation, for the caller to write (alone, or as one operation of a batch). */
export interface FastAnswer {
  status: number;
  contentType: string;
  result: FormattedResult;
  headers: Array<[string, string]>;
}

/** Runs an operation whose document Apollo has already run, or answers undefined and leaves it to Apollo. */
export type FastPath = (req: IncomingMessage, requestId: string, request: GraphqlRequest) => Promise<FastAnswer | undefined>;

/**
 * Apollo's request pipeline (HeaderMap, plugins, hooks, document store, response head merging) costs more than
 * executing a known operation. A document Apollo has already parsed, validated and let run is executed here with
 * graphql-jit, with the same context, cost limit, error formatting, log line, metrics and headers. Every request
 * shape Apollo accepts arrives here already read (src/apolloParity/graphqlRequest.ts) and resolved
 * (src/persistedDocuments/), so POST and GET, either JSON response type, APQ and persisted documents all qualify.
 */
export function createFastPath(options: FastPathOptions): FastPath {
  const register = (hash: string, query: string) => {
    options.apqCache.set(apqKey(hash), query).catch((error: unknown) => options.logger.warn({ err: error }, 'could not register a persisted query'));
  };
  return async (req, requestId, request) => {
    // Null: no acceptable response type, Apollo's 406.
    const contentType = request.responseType;
    if (contentType === null) return undefined;
    const entry = options.cache.get(request);
    // Apollo answers a GET mutation with 405.
    if (entry === undefined || (request.method === 'GET' && entry.operation.operation !== 'query')) return undefined;
    // Apollo looks a hash sent alone up in its APQ cache every time: one evicted or lost since (an LRU, a Redis
    // flush or outage) is its PERSISTED_QUERY_NOT_FOUND, so it is Apollo's to answer here too.
    if (request.query === undefined && request.hash !== undefined && !(await stillPersisted(options.apqCache, request.hash))) return undefined;
    const variables = request.variables ?? {};
    if (entry.requiredWithDefaults.some((name) => variables[name] === undefined)) return undefined;

    const started = performance.now();
    const context = await options.createContext(req, requestId);
    const outcome = await run(options, entry, context, variables);
    if (outcome === APOLLOS_TO_ANSWER) {
      // Apollo runs it again with a context (and operation span) of its own: this one's span ends here, over its calls.
      context.trace?.finished(entry.document, entry.operation, undefined);
      return undefined;
    }
    // Apollo registers once the operation passed its checks (the cost limit included), whatever execution then does.
    if (outcome.pastLimits && request.query !== undefined && request.hash !== undefined && request.extensions?.persistedQuery) register(request.hash, request.query);
    const { unexpected } = outcome;
    // What resolvers added (an idempotent replay, a rate limit's 429, a key in use's 409): the same marks Apollo's plugin applies.
    const marks = context.response;
    const status = statusFromMarks(marks, outcome.status, context.upstreamCalls.dispatched);
    const result = { ...outcome.result, extensions: extensionsFromMarks(marks, outcome.result.extensions as Record<string, unknown> | undefined) };
    context.trace?.finished(entry.document, entry.operation, result);
    options.recorder.unexpectedErrors(requestId, unexpected);
    // Apollo logs the resolved operation's name, not the one the request asked for.
    options.recorder.finished(requestId, started, entry.operation.name?.value ?? null, result, context.trace?.ids);
    return { status, contentType, result, headers: headersFromMarks(marks) };
  };
}

/** Apollo's key for a hash (requestPipeline.ts APQ_CACHE_PREFIX, applied by its PrefixingKeyValueCache). */
function apqKey(hash: string): string {
  return `apq:${hash}`;
}

/** Whether Apollo's APQ cache still holds the hash (a cache that fails is a miss, as Apollo's store treats it). */
async function stillPersisted(apqCache: KeyValueCache<string>, hash: string): Promise<boolean> {
  try {
    return (await apqCache.get(apqKey(hash))) !== undefined;
  } catch {
    return false;
  }
}

interface Outcome {
  status: number;
  result: FormattedResult & { errors?: ReturnType<typeof formatErrorsLikeApollo> };
  /** Errors whose originals are logged (formatError masks those without a code). */
  unexpected: readonly GraphQLError[];
  pastLimits: boolean;
}

/**
 * graphql-js drops errors cut off when a null propagates through a non-null field, by timing graphql-jit does not
 * reproduce (it waits for every field; see src/apolloParity/errorRace.ts). Such a query is answered by Apollo instead (a read, run
 * again: an error path, not a hot one). Mutations are never run twice: they keep the compiled answer.
 */
const APOLLOS_TO_ANSWER = Symbol('Apollo answers');

function failed(options: FastPathOptions, status: number, errors: readonly GraphQLError[], pastLimits = true): Outcome {
  return { status, result: { errors: formatErrorsLikeApollo(errors, options.formatError) }, unexpected: errors, pastLimits };
}

async function run(options: FastPathOptions, entry: CompiledOperation, context: GatewayContext, variables: Record<string, unknown>): Promise<Outcome | typeof APOLLOS_TO_ANSWER> {
  try {
    options.costCheck(entry.document, entry.operation, variables);
  } catch (error) {
    return failed(options, 400, [error as GraphQLError], false);
  }
  if (entry.checkVariablesFirst && getVariableValues(options.schema, entry.operation.variableDefinitions ?? [], variables).errors !== undefined) {
    return failed(options, 400, variableErrorsLikeApollo(options.schema, entry.operation, variables, []));
  }
  const raw: ExecutionResult = await entry.compiled.query(undefined, context, variables);
  const executed = entry.siblings === undefined ? raw : expandSiblings(entry.siblings, raw);
  if (executed.errors === undefined || executed.errors.length === 0) return { status: 200, result: { data: executed.data, extensions: executed.extensions }, unexpected: [], pastLimits: true };
  if (executed.data === undefined) {
    // Variables were refused before execution.
    return failed(options, 400, variableErrorsLikeApollo(options.schema, entry.operation, variables, executed.errors));
  }
  if (entry.operation.operation === 'query' && errorsRaceInGraphqlJs(options.schema, entry.document, entry.operation, executed.errors)) return APOLLOS_TO_ANSWER;
  const errors = executed.errors.map(asGraphqlJsError);
  return { status: 200, result: { errors: formatErrorsLikeApollo(errors, options.formatError), data: executed.data, extensions: executed.extensions }, unexpected: errors, pastLimits: true };
}
