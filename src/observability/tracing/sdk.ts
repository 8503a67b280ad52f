import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../../tracingConfig.ts';
import { LogSafeIdGenerator } from './logSafeIds.ts';
import { serverTraceOf, traceHttpRequests } from './httpSpans.ts';
import { startOperationTrace, traceRootFields } from './operationSpans.ts';
import type { GatewayTracing } from './types.ts';
import { UnsampledTrace } from './unsampledTrace.ts';
import { createUpstreamTracer } from './upstreamSpans.ts';

const TRACER_NAME = 'payments-graphql-gateway';

/**
 * A tracer provider of this gateway's own (not registered globally: no instrumentation patches anything, and two
 * gateways in one process keep their spans apart), exporting over OTLP/HTTP in batches.
 */
export async function createTracing(config: Readonly<TracingConfig>): Promise<GatewayTracing> {
  const sampler = createSampler(config);
  const ids = new LogSafeIdGenerator();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler,
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(await createExporter(config), { scheduledDelayMillis: config.scheduleDelayMs })],
  });
  const tracer = provider.getTracer(TRACER_NAME);
  return {
    traceHttp: (handler) => traceHttpRequests({ tracer, sampler, ids }, handler),
    startOperation(req) {
      const server = serverTraceOf(req);
      if (server === undefined) return undefined;
      // An unsampled request's one object is its operation's too.
      return server instanceof UnsampledTrace ? server : startOperationTrace(tracer, server);
    },
    traceRootFields,
    forUpstream: (upstream, baseUrl) => createUpstreamTracer(tracer, upstream, baseUrl),
    async shutdown() {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}

function createSampler(config: Readonly<TracingConfig>): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/** Only the chosen encoding's exporter is loaded. Options are passed explicitly: config.ts alone reads OTEL_*. */
async function createExporter(config: Readonly<TracingConfig>): Promise<SpanExporter> {
  const options = { url: config.tracesUrl, headers: { ...config.headers }, timeoutMillis: 10_000 };
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}
