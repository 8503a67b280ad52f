import { engineEnv } from './engine.ts';
import { loadConfig } from '../../src/config.ts';
import { TEST_GATEWAY_ENV } from './testEnv.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startOccEmulator, type OccEmulator } from '../../src/emulators/occ/index.ts';
import { startGateway, type Gateway, type GatewayDependencies } from '../../src/server.ts';
import { createRecordingLogger } from './recordingLogger.ts';
import { postGraphql, type GqlOptions, type GraphqlResponse } from './graphqlClient.ts';

export type { GqlOptions, GraphqlResponse };

export interface TestStack {
  gateway: Gateway;
  ct: CommercetoolsEmulator;
  occ: OccEmulator;
  /** Every log line the gateway wrote, at debug level. */
  logs: string[];
  gql<T = Record<string, unknown>>(query: string, options?: GqlOptions): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/** A real gateway on port 0 in front of real emulators on port 0. `env` overrides configuration variables. */
export async function startTestStack(env: Record<string, string> = {}, dependencies: GatewayDependencies = {}): Promise<TestStack> {
  // Tests inspect what the upstreams received; 10 000 is more than any test file sends.
  const ct = await startCommercetoolsEmulator({ port: 0, history: 10_000 });
  const occ = await startOccEmulator({ port: 0, history: 10_000 });
  const config = loadConfig({ ...TEST_GATEWAY_ENV, ...engineEnv, CTP_PROJECT_KEY: ct.projectKey, ...env });
  const { logger, lines } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(config, { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: occ.baseUrl }, logger, dependencies);

  return {
    gateway,
    ct,
    occ,
    logs: lines,
    gql: (query, options) => postGraphql(gateway.url, query, options),
    async close() {
      await gateway.close();
      await Promise.all([ct.close(), occ.close()]);
    },
  };
}
