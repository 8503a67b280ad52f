/** The only module with side effects: load config, start upstream emulators and the gateway, drain on signals. */
import { ConfigError, loadConfig } from './config.ts';
import { startEmbeddedUpstreams } from './embeddedUpstreams.ts';
import { createLogger } from './observability/logger.ts';
import { startGateway } from './server.ts';
import { TRACES_SHUTDOWN_FLUSH_MS } from './tracingConfig.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const embedded = await startEmbeddedUpstreams(config);
  const gateway = await startGateway(config, embedded.urls, logger, { explorerDemo: embedded.explorerDemo });

  process.stdout.write(
    [
      '',
      `Payments GraphQL gateway ready at ${gateway.url}${config.production ? '' : ' (open it in a browser for Apollo Sandbox)'}`,
      ...(config.production ? [] : [`  offline explorer (nothing loaded from outside): ${gateway.url.replace(/\/graphql$/, '/graphiql')}`]),
      ...embedded.bannerLines,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than its delay and grace period (and the last spans their 2 s); exiting');
      logger.flush();
      process.exit(1);
    }, config.shutdownDelayMs + config.shutdownGraceMs + (config.tracing === undefined ? 0 : TRACES_SHUTDOWN_FLUSH_MS) + 1000);
    timer.unref();
    const finished = await gateway.close();
    await embedded.close();
    // Until the writes land: a write still in flight at process.exit would come out after (or without) the lines
    // written synchronously at exit.
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    // Non-zero tells the orchestrator requests were cut.
    process.exit(finished ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
