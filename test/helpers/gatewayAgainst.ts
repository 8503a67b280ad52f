import { engineEnv } from './engine.ts';
import { loadConfig } from '../../src/config.ts';
import { TEST_GATEWAY_ENV } from './testEnv.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { createRecordingLogger } from './recordingLogger.ts';
import { postGraphql, type GqlOptions, type GraphqlResponse } from './graphqlClient.ts';

export interface GatewayUnderTest {
  gateway: Gateway;
  logs: string[];
  gql<T = Record<string, unknown>>(query: string, options?: GqlOptions): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/** A real gateway in front of arbitrary upstream URLs (stub servers, closed ports). */
export async function startGatewayAgainst(
  urls: { commercetoolsApiUrl?: string; occBaseUrl?: string },
  env: Record<string, string> = {},
): Promise<GatewayUnderTest> {
  const config = loadConfig({ ...TEST_GATEWAY_ENV, ...engineEnv, ...env });
  const { logger, lines } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(
    config,
    { commercetoolsApiUrl: urls.commercetoolsApiUrl ?? 'http://127.0.0.1:9', occBaseUrl: urls.occBaseUrl ?? 'http://127.0.0.1:9' },
    logger,
  );
  return { gateway, logs: lines, gql: (query, options) => postGraphql(gateway.url, query, options), close: async () => void (await gateway.close()) };
}
