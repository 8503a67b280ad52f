import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GatewayConfig } from './config.ts';
import { createContextFactory, type GatewayContext, type Upstreams } from './context.ts';
import { createFormatError } from './errors/formatError.ts';
import { ErrorCode } from './errors/gatewayError.ts';
import { createCors } from './http/cors.ts';
import type { ExplorerDemo } from './http/explorer/explorerDemo.ts';
import { createExplorers } from './http/explorer/explorers.ts';
import { trackInFlight } from './http/drain.ts';
import { createGraphqlHandler, sendJsonError } from './http/graphqlHandler.ts';
import { sendLiveness, sendReadiness } from './http/health.ts';
import { createMetricsAccess } from './http/metricsAccess.ts';
import { noStorePlugin } from './apolloParity/noStorePlugin.ts';
import { responseMarksPlugin } from './http/responseMarksPlugin.ts';
import { createIdempotency } from './idempotency/idempotency.ts';
import { createMemoryIdempotencyStore } from './idempotency/memoryStore.ts';
import { createRedisIdempotencyStore } from './idempotency/redisStore.ts';
import { createRedisConnection } from './store/redisConnection.ts';
import { createKeyedHash } from './idempotency/keyedHash.ts';
import { markSyncThrows } from './fastpath/syncThrows.ts';
import { documentFingerprint } from './observability/documentFingerprint.ts';
import { createRateLimits } from './rateLimits/rateLimits.ts';
import { sendRateLimited } from './rateLimits/refusal.ts';
import { createRedisKeyValueCache } from './store/redisKeyValueCache.ts';
import { requestIdFrom } from './http/requestId.ts';
import { createLimitRules } from './limits/armor.ts';
import { costLimitPlugin, createCostCheck } from './limits/cost.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type GatewayMetrics } from './observability/metrics.ts';
import { operationLogPlugin } from './observability/operationLogPlugin.ts';
import { createOperationRecorder } from './observability/operationRecord.ts';
import { createSpanExportReport } from './observability/tracing/exportReport.ts';
import { loadTracing } from './observability/tracing/load.ts';
import type { GraphqlRequestHandler } from './observability/tracing/types.ts';
import { warnOfIgnoredSettings } from './observability/tracing/ignoredSettings.ts';
import { createCompiledCache } from './fastpath/compiledCache.ts';
import { createFastPath } from './fastpath/fastPath.ts';
import { createDocumentResolver } from './persistedDocuments/documentResolver.ts';
import { loadManifest } from './persistedDocuments/manifest.ts';
import { safelistPlugin } from './persistedDocuments/safelistPlugin.ts';
import { buildSchema } from './schema.ts';
import { rootOperationRule } from './validation/rootOperationRule.ts';
import { CommercetoolsClient } from './upstreams/commercetools/client.ts';
import { OccAgentClient } from './upstreams/occ/client.ts';
import { CtTokenIntrospection, type CtApiClient } from './upstreams/commercetools/introspection.ts';
import { createUpstreamConnection, type UpstreamConnection } from './upstreams/http/upstreamConnection.ts';

/** Where the upstreams are: from config, or the embedded emulators' addresses. */
export interface UpstreamUrls {
  commercetoolsApiUrl: string;
  occBaseUrl: string;
  /** The embedded emulator's API client; otherwise CTP_AUTH_URL, CTP_CLIENT_ID and CTP_CLIENT_SECRET when all are set. */
  commercetoolsApiClient?: CtApiClient | undefined;
}

export interface Gateway {
  readonly url: string;
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  /**
   * Readiness turns 503 at once; new connections are still served for `shutdownDelayMs`, then refused, and
   * in-flight requests get `shutdownGraceMs` to finish. Resolves false when some had to be cut.
   */
  close(): Promise<boolean>;
}

/** What a gateway may be given besides config: tests set the clock here, and may share an APQ cache between instances. */
export interface GatewayDependencies {
  now?: () => Date;
  /** The embedded emulators' demo headers and payment for the explorers to preload (placeholders without). */
  explorerDemo?: ExplorerDemo;
  /** Automatic persisted queries: hash → query text (Apollo's `persistedQueries.cache`; keys are prefixed `apq:`). Default: Redis with REDIS_URL, else memory. */
  apqCache?: KeyValueCache<string> | undefined;
}

export async function startGateway(config: Readonly<GatewayConfig>, urls: UpstreamUrls, logger: Logger, dependencies: GatewayDependencies = {}): Promise<Gateway> {
  // Built once: metrics, limit rules and per-upstream pools/breakers are shared by every request.
  const metrics = createMetrics();
  // One HMAC under IDEMPOTENCY_SECRET for everything stored or counted under a caller (keys, fingerprints, limits, token
  // cache), and for the documents traces and logs name.
  const keyedHash = createKeyedHash(config.idempotency.secret);
  const fingerprint = documentFingerprint(keyedHash);
  const tracing = await loadTracing(config, createSpanExportReport(logger, metrics), fingerprint);
  if (config.tracing !== undefined) warnOfIgnoredSettings(config.tracing, logger);
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
  // Shoppers' idempotency keys then belong to their account, so they survive a token refresh (README).
  const ctApiClient = urls.commercetoolsApiClient ?? configuredApiClient(config.ctp);
  if (ctApiClient !== undefined) {
    upstreams.commercetoolsIntrospection = new CtTokenIntrospection({
      http: connect('commercetools-auth', ctApiClient.authUrl),
      client: ctApiClient,
      hash: keyedHash,
    });
  }
  // One Redis connection for all shared state; without REDIS_URL, state stays in this process.
  const redis = config.redis.url === undefined ? undefined : createRedisConnection({ ...config.redis, url: config.redis.url, logger });
  if (redis !== undefined) metrics.watchStore('redis', () => redis.state() === 'ready');
  // A gateway starts without Redis (only keyed mutations need it), but gives it a moment so the first ones work.
  if (redis !== undefined && (await redis.ready(2_000)) !== 'ready') logger.warn({ store: 'redis' }, 'starting without redis; it is retried in the background');
  const observeStore = (operation: string, seconds: number) => metrics.storeLatency.observe({ store: 'redis', operation }, seconds);
  const idempotency = createIdempotency({
    store: redis === undefined ? createMemoryIdempotencyStore() : createRedisIdempotencyStore(redis, observeStore),
    hash: keyedHash,
    ttlSeconds: config.idempotency.ttlSeconds,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    inFlightMarginMs: config.idempotency.inFlightMarginMs,
    count: (outcome) => metrics.idempotency.inc({ outcome }),
  });
  const rateLimits = createRateLimits({
    config,
    redis,
    hash: keyedHash,
    onRefused: (limit) => metrics.rateLimited.inc({ limit }),
  });
  const formatError = createFormatError({ hideSuggestions: !config.introspection });
  const schema = config.subgraph ? await buildSubgraph() : buildSchema();
  if (config.subgraph && config.rateLimits.perAddressPerMinute > 0 && config.rateLimits.trustedProxies === 0) {
    // Behind a router every request comes from the router's address: one limit for all its callers together.
    logger.warn(
      { perAddressPerMinute: config.rateLimits.perAddressPerMinute },
      'SUBGRAPH=true counts the per-address rate limit against the router\'s address: have the router forward X-Forwarded-For and set TRUST_PROXY, or set RATE_LIMIT_PER_ADDRESS_PER_MINUTE=0',
    );
  }
  tracing?.traceRootFields(schema);
  // Which root errors were thrown at once: the fast path orders copied aliases' errors as graphql-js would.
  if (config.fastPath) markSyncThrows(schema);
  const recorder = createOperationRecorder(logger, metrics);
  const baseCostCheck = createCostCheck(schema, config.limits.maxCost);
  const costCheck = config.subgraph ? (await import('./federation/entityLimit.ts')).withEntityLimit(baseCostCheck, config.limits.maxEntities) : baseCostCheck;
  const compiled = createCompiledCache(schema);
  const explorers = createExplorers(config.production, dependencies.explorerDemo);
  const limitRules = [...createLimitRules(config.limits), rootOperationRule];
  // Shared by every instance through Redis when it is configured, so a hash registered on one is found on another.
  const apqCache = dependencies.apqCache ?? (redis === undefined ? new InMemoryLRUCache<string>({ maxSize: 10 * 1024 * 1024 }) : createRedisKeyValueCache(redis, logger));
  // Validated once, here: a wrong hash or a document the schema refuses stops the start.
  const manifest = config.persistedDocuments === undefined ? undefined : loadManifest(config.persistedDocuments, schema, limitRules);

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // Never an array here: with ALLOW_BATCHING the handler splits batches (src/http/batch.ts), and Apollo's own batching
    // (one context for all operations) stays unreachable.
    allowBatchedHttpRequests: false,
    validationRules: limitRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and drains HTTP first; Apollo stopping on its own would race that drain.
    stopOnTerminationSignals: false,
    formatError,
    logger,
    persistedQueries: { cache: apqCache },
    plugins: [
      operationLogPlugin(recorder),
      costLimitPlugin(costCheck),
      compiled.plugin,
      // Same `cache-control: no-store` as Apollo's default plugin, without its per-field resolver wrapping.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      responseMarksPlugin(),
      explorers.landingPagePlugin,
      // Off explicitly: the compiled path has none of them, and both engines must answer alike (README: Fast path).
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ...(manifest !== undefined && config.safelist === 'enforce' ? [safelistPlugin(manifest, formatError)] : []),
    ],
  });
  await apollo.start();

  const createContext = createContextFactory({ upstreams, logger, idempotency, rateLimits, tracing, now: dependencies.now, onLoaderBatch: (loader, size) => metrics.loaderBatchSize.observe({ loader }, size) });
  /** True when refused (and answered): its log line and error count, as for any refused operation. */
  async function refusedByRateLimits(req: IncomingMessage, res: ServerResponse, requestId: string, started: number, furtherBatchOperations?: number): Promise<boolean> {
    const refusal = await rateLimits.request(req, furtherBatchOperations);
    if (refusal === undefined) return false;
    recorder.refused(requestId, started, [{ message: 'Rate limited.', extensions: { code: ErrorCode.RATE_LIMITED } }], tracing?.startOperation(req));
    sendRateLimited(req, res, refusal, requestId);
    return true;
  }
  const graphqlHandler = createGraphqlHandler({
    apollo,
    // A batch's first operation was counted with the request; its others are counted once it is read.
    batching: config.limits.batching ? { maxOperations: config.limits.maxBatchOperations, refusedByRateLimits } : undefined,
    bodyLimitBytes: config.limits.bodyLimitBytes,
    createContext,
    resolveDocument: createDocumentResolver({ manifest, safelist: config.safelist, logger, fingerprint }),
    recorder,
    formatError,
    fastPath: config.fastPath ? createFastPath({ schema, cache: compiled, costCheck, recorder, formatError, apqCache, logger, createContext }) : undefined,
    startTrace: tracing === undefined ? undefined : (req) => tracing.startOperation(req),
  });
  // The rate limits run inside the server span: a refused request (429) is in its caller's trace too.
  const limitedGraphql: GraphqlRequestHandler = async (req, res, requestId) => {
    if (!(await refusedByRateLimits(req, res, requestId, performance.now()))) return graphqlHandler(req, res, requestId);
  };
  const handleGraphql = tracing === undefined ? limitedGraphql : tracing.traceHttp(limitedGraphql);

  const cors = createCors(config.corsOrigins, { loopbackOrigins: !config.production });
  const metricsAccess = createMetricsAccess({ token: config.metricsToken, public: config.metricsPublic, production: config.production }, logger);
  const readiness = {
    isDraining: () => drain.draining,
    openCircuits: () => connections.filter((c) => c.resilience.isOpen()).map((c) => c.resilience.upstream),
    stores: (): Record<string, string> => (redis === undefined ? {} : { redis: redis.state() }),
  };

  const httpServer = createServer(serverOptions(config.http), (req, res) => {
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
    if (explorers.route(req, res, path ?? '/')) return;
    if (path === '/graphql') {
      if (cors(req, res) === 'preflight') return;
      return handleGraphql(req, res, requestId);
    }
    if (path === '/healthz') return sendLiveness(res);
    if (path === '/readyz') return sendReadiness(res, readiness);
    if (path === '/metrics') {
      const access = metricsAccess(req);
      if (access === 'closed') {
        return sendJsonError(res, 403, 'FORBIDDEN', 'Metrics are not exposed: the operator sets METRICS_TOKEN (scrapers send it as a bearer token) or METRICS_PUBLIC=true.', requestId);
      }
      if (access === 'unauthenticated') {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return sendJsonError(res, 401, 'UNAUTHENTICATED', 'Send the metrics token as "Authorization: Bearer <token>".', requestId);
      }
      return sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    }
    sendJsonError(res, 404, 'NOT_FOUND', 'Not found. The GraphQL endpoint is /graphql.', requestId);
  }

  // Past the cap, Node closes new sockets at once: one client cannot take every file descriptor.
  httpServer.maxConnections = config.http.maxConnections;
  const drain = trackInFlight(httpServer);
  await new Promise<void>((resolve, reject) => {
    // Named by the settings that chose the address: `getaddrinfo ENOTFOUND …` alone does not say which to fix.
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on HOST=${config.host} PORT=${config.port}: ${error.code ?? error.message}`, { cause: error })),
    );
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/graphql`,
    httpServer,
    metrics,
    async close() {
      const finished = await drain.drain(config.shutdownDelayMs, config.shutdownGraceMs);
      if (!finished) logger.warn({ graceMs: config.shutdownGraceMs }, 'shutdown grace period passed; cut remaining requests');
      await apollo.stop();
      await Promise.all(connections.map((connection) => connection.close()));
      await redis?.close();
      await tracing?.shutdown();
      return finished;
    },
  };
}

function configuredApiClient(ctp: GatewayConfig['ctp']): CtApiClient | undefined {
  const { authUrl, clientId, clientSecret } = ctp;
  return authUrl !== undefined && clientId !== undefined && clientSecret !== undefined ? { authUrl, clientId, clientSecret } : undefined;
}

/** Node's defaults (60 s for headers, 5 min for a request) let one client at 1 byte/s pin a socket for minutes. */
function serverOptions(limits: GatewayConfig['http']): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks both deadlines on this interval (30 s by default), which would stretch a 10 s deadline to 40 s.
    connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMs / 4)),
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
