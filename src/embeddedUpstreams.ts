import type { GatewayConfig } from './config.ts';
import { startCommercetoolsEmulator } from './emulators/commercetools/index.ts';
import { startOccEmulator } from './emulators/occ/index.ts';
import { PLACEHOLDER_DEMO, type ExplorerDemo } from './http/explorer/explorerDemo.ts';
import type { UpstreamUrls } from './server.ts';
import type { CtApiClient } from './upstreams/commercetools/introspection.ts';

export interface EmbeddedUpstreams {
  urls: UpstreamUrls;
  /** Ready-to-paste demo credentials for the start-up banner. */
  bannerLines: string[];
  /** Headers and a payment id for the explorers to preload (placeholders for an upstream that is not embedded). */
  explorerDemo: ExplorerDemo;
  close(): Promise<void>;
}

/**
 * Outside production, any upstream without a configured URL is served by its embedded emulator. Demo tokens and
 * ids derive from `config.demoSeed`, so they are the same after every restart.
 */
export async function startEmbeddedUpstreams(config: Readonly<GatewayConfig>): Promise<EmbeddedUpstreams> {
  const closers: Array<() => Promise<void>> = [];
  const bannerLines: string[] = [];
  const headers = { ...PLACEHOLDER_DEMO.headers };
  let paymentId: string | undefined;

  let commercetoolsApiUrl = config.ctp.apiUrl;
  let commercetoolsApiClient: CtApiClient | undefined;
  if (commercetoolsApiUrl === undefined) {
    const ct = await startCommercetoolsEmulator({ host: '127.0.0.1', port: 0, projectKey: config.ctp.projectKey, demoSeed: config.demoSeed });
    closers.push(() => ct.close());
    commercetoolsApiUrl = ct.apiUrl;
    headers.Authorization = `Bearer ${ct.demo.customerToken}`;
    paymentId = ct.demo.paymentIds[0];
    // Its tokens are its own: the gateway introspects them with the emulator's API client, whatever CTP_AUTH_URL says.
    commercetoolsApiClient = { authUrl: ct.authUrl, clientId: ct.clientId, clientSecret: ct.clientSecret };
    bannerLines.push(
      `commercetools emulator at ${ct.apiUrl}/${ct.projectKey}/me/payments`,
      `  demo customer ${ct.demo.email} (HTTP header for Apollo Sandbox):`,
      `Authorization: Bearer ${ct.demo.customerToken}`,
      '  anonymous session:',
      `Authorization: Bearer ${ct.demo.anonymousToken}`,
    );
  }

  let occBaseUrl = config.occ.baseUrl;
  if (occBaseUrl === undefined) {
    const occ = await startOccEmulator({ host: '127.0.0.1', port: 0, demoSeed: config.demoSeed });
    closers.push(() => occ.close());
    occBaseUrl = occ.baseUrl;
    headers['X-OCC-Authorization'] = `Bearer ${occ.demo.agentToken}`;
    bannerLines.push(
      `Oracle Commerce agent emulator at ${occ.baseUrl}/ccagent/v1`,
      `  demo agent ${occ.demo.username}, demo order ${occ.demo.orderId} of profile ${occ.demo.profileId} (HTTP header for Apollo Sandbox):`,
      `X-OCC-Authorization: Bearer ${occ.demo.agentToken}`,
    );
  }
  if (bannerLines.length > 0) bannerLines.push(`  (the same tokens after every restart; DEMO_SEED=<text> gives other ones)`);

  return {
    urls: { commercetoolsApiUrl, occBaseUrl, commercetoolsApiClient },
    bannerLines,
    explorerDemo: { headers, paymentId },
    async close() {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
