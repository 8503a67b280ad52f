import { loadConfig } from '../../src/config.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { createRecordingLogger } from './recordingLogger.ts';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
  text: string;
}

export interface GqlOptions {
  variables?: Record<string, unknown>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  operationName?: string;
}

export interface TestStack {
  gateway: Gateway;
  ct: CommercetoolsEmulator;
  /** Every log line the gateway wrote, at debug level. */
  logs: string[];
  gql<T = Record<string, unknown>>(query: string, options?: GqlOptions): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/** A real gateway on port 0 in front of real emulators on port 0. `env` overrides configuration variables. */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const ct = await startCommercetoolsEmulator({ port: 0 });
  const config = loadConfig({ PORT: '0', CTP_PROJECT_KEY: ct.projectKey, LOG_LEVEL: 'debug', ...env });
  const { logger, lines } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(config, { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: '' }, logger);

  return {
    gateway,
    ct,
    logs: lines,
    gql: (query, options) => postGraphql(gateway.url, query, options),
    async close() {
      await gateway.close();
      await ct.close();
    },
  };
}

export async function postGraphql<T>(url: string, query: string, options: GqlOptions = {}): Promise<GraphqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as GraphqlResponse<T>['body'], text };
}
