import { engineEnv } from './engine.ts';
import { loadConfig } from '../../src/config.ts';
import { TEST_GATEWAY_ENV } from './testEnv.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { createRecordingLogger } from './recordingLogger.ts';
import { postGraphql, type GqlOptions, type GraphqlResponse } from './graphqlClient.ts';
import { startStubUpstream, type StubUpstream } from './stubUpstream.ts';

export interface StubStack {
  gateway: Gateway;
  /** Stands in for commercetools. */
  ct: StubUpstream;
  /** Stands in for Oracle Commerce. */
  occ: StubUpstream;
  logs: string[];
  /** The gateway's origin, e.g. `http://127.0.0.1:1234`. */
  origin: string;
  gql<T = Record<string, unknown>>(query: string, options?: GqlOptions): Promise<GraphqlResponse<T>>;
  /** Closes the gateway, then reports the sockets each stub still sees open (0 = nothing leaked), then closes the stubs. */
  close(): Promise<{ ctOpen: number; occOpen: number }>;
}

/**
 * A real gateway on port 0 in front of stub upstreams that a test scripts (hang, reset, 5xx…). `basePath` puts a
 * path after each stub's origin in the gateway's upstream URLs, as behind a reverse proxy.
 */
export async function startStubStack(env: Record<string, string> = {}, basePath = ''): Promise<StubStack> {
  const ct = await startStubUpstream();
  const occ = await startStubUpstream();
  const config = loadConfig({ ...TEST_GATEWAY_ENV, ...engineEnv, CTP_PROJECT_KEY: 'stub-project', ...env });
  const { logger, lines } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(config, { commercetoolsApiUrl: ct.url + basePath, occBaseUrl: occ.url + basePath }, logger);
  return {
    gateway,
    ct,
    occ,
    logs: lines,
    origin: new URL(gateway.url).origin,
    gql: (query, options) => postGraphql(gateway.url, query, { token: 'stub-token', ...options }),
    async close() {
      await gateway.close();
      // Socket close reaches the stub one event-loop turn or so later.
      for (let i = 0; i < 50 && ct.openConnections() + occ.openConnections() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const open = { ctOpen: ct.openConnections(), occOpen: occ.openConnections() };
      await Promise.all([ct.close(), occ.close()]);
      return open;
    },
  };
}
