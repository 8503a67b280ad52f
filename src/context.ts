import type { IncomingMessage } from 'node:http';
import { createResponseMarks, type ResponseMarks } from './http/responseMarks.ts';
import type { Idempotency } from './idempotency/idempotency.ts';
import type { RateLimits } from './rateLimits/rateLimits.ts';
import type { Logger } from './observability/logger.ts';
import type { GatewayTracing, OperationTrace } from './observability/tracing/types.ts';
import type { CommercetoolsClient, CtCaller } from './upstreams/commercetools/client.ts';
import { createCommercetoolsLoaders, type CommercetoolsLoaders } from './upstreams/commercetools/loaders.ts';
import type { CtTokenIntrospection } from './upstreams/commercetools/introspection.ts';
import type { OccAgentClient, OccCaller } from './upstreams/occ/client.ts';

/** Upstream clients, built once per gateway and shared by all requests (they hold no per-caller state). */
export interface Upstreams {
  commercetools: CommercetoolsClient;
  occ: OccAgentClient;
  /** Without the gateway's own API client configured, shoppers' idempotency keys belong to their bearer token. */
  commercetoolsIntrospection?: CtTokenIntrospection | undefined;
}

/** Everything a resolver may use. Built fresh for every request: loaders and callers are never shared. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** The operation's span when tracing is on (see src/observability/tracing/). */
  trace?: OperationTrace | undefined;
  commercetools: { client: CommercetoolsClient; caller: CtCaller; loaders: CommercetoolsLoaders; introspection: CtTokenIntrospection | undefined };
  /** The Oracle Commerce agent, from `X-OCC-Authorization: Bearer <token>` (sent upstream as `Authorization`). */
  occ: { client: OccAgentClient; caller: OccCaller };
  idempotency: Idempotency;
  rateLimits: RateLimits;
  /** The raw `Idempotency-Key` header, if sent; validated where a mutation uses it. */
  idempotencyHeader: string | undefined;
  /** Upstream requests dispatched so far: tells a failure before the call from one after it. */
  upstreamCalls: { dispatched: number };
  /** Headers, status and extensions resolvers add to the answer (see src/http/responseMarks.ts). */
  response: ResponseMarks;
  /** The current time (card expiry); injected so tests can set it. */
  now: () => Date;
}

export interface ContextDependencies {
  upstreams: Upstreams;
  logger: Logger;
  idempotency: Idempotency;
  rateLimits: RateLimits;
  onLoaderBatch?: (loader: string, size: number) => void;
  now?: () => Date;
  tracing?: GatewayTracing | undefined;
}

export function createContextFactory(deps: ContextDependencies) {
  return async function createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext> {
    const upstreamCalls = { dispatched: 0 };
    const onDispatch = () => {
      upstreamCalls.dispatched += 1;
    };
    const trace = deps.tracing?.startOperation(req);
    const ctCaller: CtCaller = { authorization: bearer(req.headers.authorization), requestId, onDispatch, trace: trace?.parent };
    const onBatch = deps.onLoaderBatch && ((size: number) => deps.onLoaderBatch?.('paymentById', size));
    return {
      requestId,
      logger: deps.logger,
      trace,
      commercetools: {
        client: deps.upstreams.commercetools,
        caller: ctCaller,
        loaders: createCommercetoolsLoaders(deps.upstreams.commercetools, ctCaller, onBatch, trace),
        introspection: deps.upstreams.commercetoolsIntrospection,
      },
      occ: { client: deps.upstreams.occ, caller: { authorization: bearer(req.headers['x-occ-authorization']), requestId, onDispatch, trace: trace?.parent } },
      idempotency: deps.idempotency,
      rateLimits: deps.rateLimits,
      idempotencyHeader: single(req.headers['idempotency-key']),
      upstreamCalls,
      response: createResponseMarks(),
      now: deps.now ?? systemNow,
    };
  };
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

function systemNow(): Date {
  return new Date();
}

/** Only a well-formed bearer credential is forwarded; anything else counts as no credential. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^Bearer [A-Za-z0-9._~+/=-]+$/i.test(value.trim()) ? value.trim() : undefined;
}
