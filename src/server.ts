import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { Agent } from 'undici';
import type { GatewayConfig } from './config.ts';
import { createContextFactory, type GatewayContext, type Upstreams } from './context.ts';
import { formatError } from './errors/formatError.ts';
import { createGraphqlHandler, sendJsonError } from './http/graphqlHandler.ts';
import { requestIdFrom } from './http/requestId.ts';
import type { Logger } from './observability/logger.ts';
import { operationLogPlugin } from './observability/operationLogPlugin.ts';
import { buildSchema } from './schema.ts';
import { CommercetoolsClient } from './upstreams/commercetools/client.ts';
import { createUpstreamHttp } from './upstreams/http/upstreamHttp.ts';

/** Where the upstreams are: from config, or the embedded emulators' addresses. */
export interface UpstreamUrls {
  commercetoolsApiUrl: string;
  occBaseUrl: string;
}

export interface Gateway {
  readonly url: string;
  readonly httpServer: Server;
  close(): Promise<void>;
}

export async function startGateway(config: Readonly<GatewayConfig>, urls: UpstreamUrls, logger: Logger): Promise<Gateway> {
  // One keep-alive pool per upstream, passed in explicitly (never undici's global dispatcher).
  const ctDispatcher = new Agent({ connections: 128, keepAliveTimeout: 30_000, connectTimeout: config.upstreamTimeoutMs });
  const upstreams: Upstreams = {
    commercetools: new CommercetoolsClient(
      createUpstreamHttp({ upstream: 'commercetools', baseUrl: urls.commercetoolsApiUrl, dispatcher: ctDispatcher, logger, timeoutMs: config.upstreamTimeoutMs }),
      config.ctp.projectKey,
    ),
  };

  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: config.limits.batching,
    csrfPrevention: true,
    formatError,
    logger,
    plugins: [
      operationLogPlugin(logger),
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  const handleGraphql = createGraphqlHandler({
    apollo,
    bodyLimitBytes: config.limits.bodyLimitBytes,
    createContext: createContextFactory({ upstreams, logger }),
  });

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
    if (path === '/graphql') return handleGraphql(req, res, requestId);
    if (path === '/healthz') return sendText(res, 200, 'ok');
    sendJsonError(res, 404, 'NOT_FOUND', 'Not found. The GraphQL endpoint is /graphql.', requestId);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/graphql`,
    httpServer,
    async close() {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
      await ctDispatcher.close();
    },
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}
