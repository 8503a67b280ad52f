import { loadConfig } from '../../src/config.ts';
import { startEmbeddedUpstreams, type EmbeddedUpstreams } from '../../src/embeddedUpstreams.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';

export interface ExplorerStack {
  gateway: Gateway;
  upstreams: EmbeddedUpstreams;
  /** `http://127.0.0.1:PORT`, the gateway's origin. */
  origin: string;
  close(): Promise<void>;
}

/** What `npm start` runs, in process: embedded emulators with the demo seed and a gateway that preloads its demo. */
export async function startExplorerStack(env: Record<string, string> = {}): Promise<ExplorerStack> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', ...env });
  const upstreams = await startEmbeddedUpstreams(config);
  const { logger } = createRecordingLogger(config.logLevel);
  const gateway = await startGateway(config, upstreams.urls, logger, { explorerDemo: upstreams.explorerDemo });
  return {
    gateway,
    upstreams,
    origin: new URL(gateway.url).origin,
    async close() {
      await gateway.close();
      await upstreams.close();
    },
  };
}
