import { randomUUID } from 'node:crypto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { TRACES_SHUTDOWN_FLUSH_MS, type TracingConfig } from '../../tracingConfig.ts';
import type { DocumentFingerprint } from '../documentFingerprint.ts';
import type { SpanExportReport } from './exportReport.ts';
import { LogSafeIdGenerator } from './logSafeIds.ts';
import { serverTraceOf, traceHttpRequests } from './httpSpans.ts';
import { createSpanExport } from './spanExport.ts';
import { documentHashes, startOperationTrace, traceRootFields } from './operationSpans.ts';
import type { GatewayTracing } from './types.ts';
import { UnsampledTrace } from './unsampledTrace.ts';
import { createUpstreamTracer } from './upstreamSpans.ts';

const TRACER_NAME = 'payments-graphql-gateway';

/**
 * A tracer provider of this gateway's own (not registered globally: no instrumentation patches anything, and two
 * gateways in one process keep their spans apart), exporting over OTLP/HTTP in batches.
 */
export async function createTracing(config: Readonly<TracingConfig>, report: SpanExportReport, fingerprint: DocumentFingerprint): Promise<GatewayTracing> {
  const sampler = createSampler(config);
  const spanExport = await createSpanExport(config, report);
  const ids = new LogSafeIdGenerator();
  const provider = new BasicTracerProvider({
    resource: resource(config),
    sampler,
    idGenerator: ids,
    spanProcessors: [spanExport.processor],
  });
  const tracer = provider.getTracer(TRACER_NAME);
  const documentHash = documentHashes(fingerprint);
  return {
    traceHttp: (handler) => traceHttpRequests({ tracer, sampler, ids }, handler),
    startOperation(req) {
      const server = serverTraceOf(req);
      if (server === undefined) return undefined;
      // An unsampled request's one object is its operation's too.
      return server instanceof UnsampledTrace ? server : startOperationTrace(tracer, server, documentHash);
    },
    traceRootFields,
    forUpstream: (upstream, baseUrl) => createUpstreamTracer(tracer, upstream, baseUrl),
    async shutdown() {
      // Spans are telemetry: a collector down or hanging must not hold a shutdown the orchestrator is timing.
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(() => resolve(void (timedOut = true)), TRACES_SHUTDOWN_FLUSH_MS)));
      // A failed export is in the report already.
      await Promise.race([provider.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
      // Spans still on their way are given up: counted and told now, as nothing is heard of them after close.
      const stranded = spanExport.spansUndelivered();
      if (stranded > 0) report.failed(stranded, timedOut ? 'shutdown deadline' : 'shutdown');
      report.close();
    },
  };
}

/**
 * The SDK's own attributes (`telemetry.sdk.*`), the operator's, and a `service.instance.id` of this process unless
 * given: many instances behind a load balancer are told apart in the tracing backend.
 */
function resource(config: Readonly<TracingConfig>) {
  return defaultResource().merge(
    resourceFromAttributes({ 'service.instance.id': randomUUID(), ...config.resourceAttributes, 'service.name': config.serviceName }),
  );
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
