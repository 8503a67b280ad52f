import type { GatewayConfig } from './config.ts';
import { startCommercetoolsEmulator } from './emulators/commercetools/index.ts';
import type { UpstreamUrls } from './server.ts';

export interface EmbeddedUpstreams {
  urls: UpstreamUrls;
  /** Ready-to-paste demo credentials for the start-up banner. */
  bannerLines: string[];
  close(): Promise<void>;
}

/** Outside production, any upstream without a configured URL is served by its embedded emulator. */
export async function startEmbeddedUpstreams(config: Readonly<GatewayConfig>): Promise<EmbeddedUpstreams> {
  const closers: Array<() => Promise<void>> = [];
  const bannerLines: string[] = [];

  let commercetoolsApiUrl = config.ctp.apiUrl;
  if (commercetoolsApiUrl === undefined) {
    const ct = await startCommercetoolsEmulator({ host: '127.0.0.1', port: 0, projectKey: config.ctp.projectKey });
    closers.push(() => ct.close());
    commercetoolsApiUrl = ct.apiUrl;
    bannerLines.push(
      `commercetools emulator at ${ct.apiUrl}/${ct.projectKey}/me/payments`,
      `  demo customer ${ct.demo.email} (HTTP header for Apollo Sandbox):`,
      `Authorization: Bearer ${ct.demo.customerToken}`,
      '  anonymous session:',
      `Authorization: Bearer ${ct.demo.anonymousToken}`,
    );
  }

  return {
    urls: { commercetoolsApiUrl, occBaseUrl: config.occ.baseUrl ?? '' },
    bannerLines,
    async close() {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
