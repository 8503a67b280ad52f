import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from './config.ts';
import { createContextFactory, type GatewayContext, type Upstreams } from './context.ts';
import { formatError } from './errors/formatError.ts';
import { createCors } from './http/cors.ts';
import { trackInFlight } from './http/drain.ts';
import { createGraphqlHandler, sendJsonError } from './http/graphqlHandler.ts';
import { sendLiveness, sendReadiness } from './http/health.ts';
import { createMetricsAccess } from './http/metricsAccess.ts';
import { noStorePlugin } from './http/noStorePlugin.ts';
import { requestIdFrom } from './http/requestId.ts';
import { createLimitRules } from './limits/armor.ts';
import { costLimitPlugin, createCostCheck } from './limits/cost.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type GatewayMetrics } from './observability/metrics.ts';
import { operationLogPlugin } from './observability/operationLogPlugin.ts';
import { createOperationRecorder } from './observability/operationRecord.ts';
import { loadTracing } from './observability/tracing/load.ts';
import { createCompiledCache } from './fastpath/compiledCache.ts';
import { createFastPath } from './fastpath/fastPath.ts';
import { buildSchema } from './schema.ts';
import { CommercetoolsClient } from './upstreams/commercetools/client.ts';
import { OccAgentClient } from './upstreams/occ/client.ts';
import { createUpstreamConnection, type UpstreamConnection } from './upstreams/http/upstreamConnection.ts';

/** Where the upstreams are: from config, or the embedded emulators' addresses. */
export interface UpstreamUrls {
  commercetoolsApiUrl: string;
  occBaseUrl: string;
}

export interface Gateway {
  readonly url: string;
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  /** Readiness turns 503, new connections are refused, in-flight requests get `shutdownGraceMs` to finish. */
  close(): Promise<void>;
}

export async function startGateway(config: Readonly<GatewayConfig>, urls: UpstreamUrls, logger: Logger): Promise<Gateway> {
  // Built once: metrics, limit rules and per-upstream pools/breakers are shared by every request.
  const metrics = createMetrics();
  const tracing = await loadTracing(config);
  const connections: UpstreamConnection[] = [];
  const connect = (upstream: UpstreamConnection['resilience']['upstream'], baseUrl: string) => {
    const connection = createUpstreamConnection({ upstream, baseUrl, config, logger, metrics, tracing });
    connections.push(connection);
    return connection.http;
  };
  const upstreams: Upstreams = {
    commercetools: new CommercetoolsClient(connect('commercetools', urls.commercetoolsApiUrl), config.ctp.projectKey),
    // Its own pool and breaker; POSTs are never retried, so a payment is sent at most once.
    occ: new OccAgentClient(connect('occ', urls.occBaseUrl), { siteId: config.occ.siteId }),
  };
  const schema = config.subgraph ? await buildSubgraph() : buildSchema();
  tracing?.traceRootFields(schema);
  const recorder = createOperationRecorder(logger, metrics, tracing?.idsOf);
  const costCheck = config.subgraph
    ? (await import('./federation/entityLimit.ts')).withEntityLimit(createCostCheck(schema, config.limits.maxCost), config.limits.maxEntities)
    : createCostCheck(schema, config.limits.maxCost);
  const compiled = createCompiledCache(schema);

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: config.limits.batching,
    validationRules: createLimitRules(config.limits),
    parseOptions: { maxTokens: config.limits.maxTokens },
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and drains HTTP first; Apollo stopping on its own would race that drain.
    stopOnTerminationSignals: false,
    formatError,
    logger,
    plugins: [
      operationLogPlugin(recorder),
      costLimitPlugin(costCheck),
      compiled.plugin,
      // Same `cache-control: no-store` as Apollo's default plugin, without its per-field resolver wrapping.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // A subgraph would add Apollo's `ftv1` field traces on Apollo's path only (never on the fast path): OpenTelemetry instead.
      ...(config.subgraph ? [ApolloServerPluginInlineTraceDisabled()] : []),
    ],
  });
  await apollo.start();

  const createContext = createContextFactory({ upstreams, logger, tracing, onLoaderBatch: (loader, size) => metrics.loaderBatchSize.observe({ loader }, size) });
  const graphqlHandler = createGraphqlHandler({
    apollo,
    bodyLimitBytes: config.limits.bodyLimitBytes,
    createContext,
    fastPath: createFastPath({ schema, cache: compiled, costCheck, recorder, formatError, createContext }),
  });
  const handleGraphql = tracing === undefined ? graphqlHandler : tracing.traceHttp(graphqlHandler);

  const cors = createCors(config.corsOrigins);
  const mayReadMetrics = createMetricsAccess(config.metricsToken);
  const readiness = {
    isDraining: () => drain.draining,
    openCircuits: () => connections.filter((c) => c.resilience.isOpen()).map((c) => c.resilience.upstream),
  };

  const httpServer = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    route(req, res, requestId).catch((error: unknown) => {
      logger.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', requestId);
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/graphql') return cors(req, res) === 'preflight' ? undefined : handleGraphql(req, res, requestId);
    if (path === '/healthz') return sendLiveness(res);
    if (path === '/readyz') return sendReadiness(res, readiness);
    if (path === '/metrics') {
      if (!mayReadMetrics(req)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return sendJsonError(res, 401, 'UNAUTHENTICATED', 'Send the metrics token as "Authorization: Bearer <token>".', requestId);
      }
      return sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    }
    sendJsonError(res, 404, 'NOT_FOUND', 'Not found. The GraphQL endpoint is /graphql.', requestId);
  }

  const drain = trackInFlight(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/graphql`,
    httpServer,
    metrics,
    async close() {
      const finished = await drain.drain(config.shutdownGraceMs);
      if (!finished) logger.warn({ graceMs: config.shutdownGraceMs }, 'shutdown grace period passed; cut remaining requests');
      await apollo.stop();
      await Promise.all(connections.map((connection) => connection.close()));
      await tracing?.shutdown();
    },
  };
}

/** Federation's libraries load only in subgraph mode. */
async function buildSubgraph() {
  return (await import('./federation/subgraphSchema.ts')).buildPaymentsSubgraphSchema();
}

function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.end(text);
}
