import type { IncomingMessage } from 'node:http';
import { createResponseMarks, type ResponseMarks } from './http/responseMarks.ts';
import type { Idempotency } from './idempotency/idempotency.ts';
import type { RateLimits } from './rateLimits/rateLimits.ts';
import type { Logger } from './observability/logger.ts';
import type { GatewayTracing, OperationTrace, TraceParent } from './observability/tracing/types.ts';
import { callerWithTrace, makeCaller } from './upstreams/caller.ts';
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
    // A method, not `const f = () =>`: tsx (esbuild's keepNames) names such closures with a defineProperty call.
    const { onDispatch } = {
      onDispatch() {
        upstreamCalls.dispatched += 1;
      },
    };
    const trace = deps.tracing?.startOperation(req);
    const ctCaller: CtCaller = makeCaller(bearer(req.headers.authorization), requestId, onDispatch, trace?.parent);
    const onBatch = deps.onLoaderBatch && ((size: number) => deps.onLoaderBatch?.('paymentById', size));
    return assembleContext(
      {
        requestId,
        logger: deps.logger,
        trace,
        idempotency: deps.idempotency,
        rateLimits: deps.rateLimits,
        idempotencyHeader: single(req.headers['idempotency-key']),
        upstreamCalls,
        response: createResponseMarks(),
        now: deps.now ?? systemNow,
      },
      commercetoolsPart(deps.upstreams.commercetools, ctCaller, createCommercetoolsLoaders(deps.upstreams.commercetools, ctCaller, onBatch, trace), deps.upstreams.commercetoolsIntrospection),
      occPart(deps.upstreams.occ, makeCaller(bearer(req.headers['x-occ-authorization']), requestId, onDispatch, trace?.parent)),
    );
  };
}

/** The same context, its upstream callers carrying `trace` (loaders are shared: a batch serves every field). */
export function withCallerTrace(context: GatewayContext, trace: TraceParent): GatewayContext {
  const { commercetools: ct, occ } = context;
  return assembleContext(context, commercetoolsPart(ct.client, callerWithTrace(ct.caller, trace), ct.loaders, ct.introspection), occPart(occ.client, callerWithTrace(occ.caller, trace)));
}

/**
 * Every context is assembled by these literals, copies included, so all share one hidden class per object: see
 * makeCaller (src/upstreams/caller.ts) for what a copy of another shape costs every request.
 */
function assembleContext(rest: Omit<GatewayContext, 'commercetools' | 'occ'>, commercetools: GatewayContext['commercetools'], occ: GatewayContext['occ']): GatewayContext {
  return {
    requestId: rest.requestId,
    logger: rest.logger,
    trace: rest.trace,
    commercetools,
    occ,
    idempotency: rest.idempotency,
    rateLimits: rest.rateLimits,
    idempotencyHeader: rest.idempotencyHeader,
    upstreamCalls: rest.upstreamCalls,
    response: rest.response,
    now: rest.now,
  };
}

function commercetoolsPart(client: CommercetoolsClient, caller: CtCaller, loaders: CommercetoolsLoaders, introspection: CtTokenIntrospection | undefined): GatewayContext['commercetools'] {
  return { client, caller, loaders, introspection };
}

function occPart(client: OccAgentClient, caller: OccCaller): GatewayContext['occ'] {
  return { client, caller };
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

function systemNow(): Date {
  return new Date();
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;

/**
 * Only a well-formed bearer credential is forwarded; anything else counts as no credential. The scheme is
 * case-insensitive, so it is written one way: `bearer T` and `Bearer T` are one caller to idempotency keys and limits.
 */
export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const token = value === undefined ? undefined : BEARER.exec(value.trim())?.[1];
  return token === undefined ? undefined : `Bearer ${token}`;
}
