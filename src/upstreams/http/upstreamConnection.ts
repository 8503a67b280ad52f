import { Agent } from 'undici';
import type { GatewayConfig } from '../../config.ts';
import type { UpstreamName } from '../../errors/gatewayError.ts';
import type { Logger } from '../../observability/logger.ts';
import type { GatewayMetrics } from '../../observability/metrics.ts';
import { createUpstreamResilience, type UpstreamResilience } from './resilience.ts';
import { createUpstreamHttp, type UpstreamHttp, type UpstreamHttpOptions } from './upstreamHttp.ts';

/** Everything one upstream needs at the HTTP level: its own pool, breaker and retry policy. */
export interface UpstreamConnection {
  readonly http: UpstreamHttp;
  readonly resilience: UpstreamResilience;
  close(): Promise<void>;
}

export interface UpstreamConnectionOptions {
  upstream: UpstreamName;
  baseUrl: string;
  config: Pick<Readonly<GatewayConfig>, 'upstreamTimeoutMs' | 'resilience'>;
  logger: Logger;
  metrics: GatewayMetrics;
  tracing?: UpstreamHttpOptions['tracing'];
}

/**
 * One keep-alive pool and one circuit breaker per upstream, so one upstream's outage never holds sockets or
 * trips the breaker of the other. The dispatcher is passed in explicitly, never undici's global one.
 */
export function createUpstreamConnection(options: UpstreamConnectionOptions): UpstreamConnection {
  const { upstreamTimeoutMs: timeoutMs, resilience: settings } = options.config;
  const dispatcher = new Agent({
    connections: 128,
    // undici's default; the server's own `Keep-Alive: timeout` hint still wins when shorter.
    keepAliveTimeout: 4_000,
    connectTimeout: Math.min(settings.connectTimeoutMs, timeoutMs),
    // The total deadline (an AbortSignal per call) bounds a trickled body; these bound single silences.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const resilience = createUpstreamResilience({
    upstream: options.upstream,
    retries: settings.retries,
    breakerThreshold: settings.breakerThreshold,
    breakerCooldownMs: settings.breakerCooldownMs,
  });
  options.metrics.watchBreaker(options.upstream, () => resilience.state());
  const http = createUpstreamHttp({
    upstream: options.upstream,
    baseUrl: options.baseUrl,
    dispatcher,
    logger: options.logger,
    timeoutMs,
    resilience,
    metrics: options.metrics,
    tracing: options.tracing,
  });
  return {
    http,
    resilience,
    async close() {
      // Called after the drain: whatever is still open is idle or past the grace period, so it is cut.
      await dispatcher.destroy();
    },
  };
}
