import { engineEnv } from './engine.ts';
import { loadConfig } from '../../src/config.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startOccEmulator, type OccEmulator } from '../../src/emulators/occ/index.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
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
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const ct = await startCommercetoolsEmulator({ port: 0 });
  const occ = await startOccEmulator({ port: 0 });
  const config = loadConfig({ PORT: '0', ...engineEnv, CTP_PROJECT_KEY: ct.projectKey, LOG_LEVEL: 'debug', ...env });
  const { logger, lines } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(config, { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: occ.baseUrl }, logger);

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
