import type { IncomingMessage } from 'node:http';
import type { Logger } from './observability/logger.ts';
import type { GatewayTracing, OperationTrace } from './observability/tracing/types.ts';
import type { CommercetoolsClient, CtCaller } from './upstreams/commercetools/client.ts';
import { createCommercetoolsLoaders, type CommercetoolsLoaders } from './upstreams/commercetools/loaders.ts';
import type { OccAgentClient, OccCaller } from './upstreams/occ/client.ts';

/** Upstream clients, built once per gateway and shared by all requests (they hold no per-caller state). */
export interface Upstreams {
  commercetools: CommercetoolsClient;
  occ: OccAgentClient;
}

/** Everything a resolver may use. Built fresh for every request: loaders and callers are never shared. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** The operation's span when tracing is on (see src/observability/tracing/). */
  trace?: OperationTrace | undefined;
  commercetools: { client: CommercetoolsClient; caller: CtCaller; loaders: CommercetoolsLoaders };
  /** The Oracle Commerce agent, from `X-OCC-Authorization: Bearer <token>` (sent upstream as `Authorization`). */
  occ: { client: OccAgentClient; caller: OccCaller };
}

export interface ContextDependencies {
  upstreams: Upstreams;
  logger: Logger;
  onLoaderBatch?: (loader: string, size: number) => void;
  tracing?: GatewayTracing | undefined;
}

export function createContextFactory(deps: ContextDependencies) {
  return async function createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext> {
    const trace = deps.tracing?.startOperation(req);
    const ctCaller: CtCaller = { authorization: bearer(req.headers.authorization), requestId, trace: trace?.parent };
    const onBatch = deps.onLoaderBatch && ((size: number) => deps.onLoaderBatch?.('paymentById', size));
    return {
      requestId,
      logger: deps.logger,
      trace,
      commercetools: {
        client: deps.upstreams.commercetools,
        caller: ctCaller,
        loaders: createCommercetoolsLoaders(deps.upstreams.commercetools, ctCaller, onBatch, trace),
      },
      occ: { client: deps.upstreams.occ, caller: { authorization: bearer(req.headers['x-occ-authorization']), requestId, trace: trace?.parent } },
    };
  };
}

/** Only a well-formed bearer credential is forwarded; anything else counts as no credential. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^Bearer [A-Za-z0-9._~+/=-]+$/i.test(value.trim()) ? value.trim() : undefined;
}
