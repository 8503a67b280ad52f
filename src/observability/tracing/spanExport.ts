import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../../tracingConfig.ts';
import { droppedSpansMeter } from './droppedSpansMeter.ts';
import { EncodingSpanProcessor, type BatchSettings, type EncodedSpans } from './encodingSpanProcessor.ts';
import { observedExporter, type SpanExportObserver } from './observedExporter.ts';

type ExporterOptions = NonNullable<ConstructorParameters<typeof import('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter>[0]>;

/** How finished spans leave: the provider's processor, and how many of them have not reached the collector yet. */
export interface SpanExport {
  readonly processor: SpanProcessor;
  spansUndelivered(): number;
}

/**
 * Only the chosen encoding's code is loaded. Options are passed explicitly and win over the variables the exporter
 * also reads itself (headers merge by name, as tracingConfig.ts merges them); the certificate ones
 * (`OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE`, `…CLIENT_CERTIFICATE`, `…CLIENT_KEY`) only it reads.
 */
export async function createSpanExport(config: Readonly<TracingConfig>, observer: SpanExportObserver): Promise<SpanExport> {
  const options: ExporterOptions = {
    url: config.tracesUrl,
    headers: { ...config.headers },
    timeoutMillis: config.exportTimeoutMs,
    // The exporters' CompressionAlgorithm enum lives in a nested package; its values are these very strings.
    compression: config.compression as ExporterOptions['compression'],
  };
  const settings = batchSettings(config);
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const exporter = observedExporter(new OTLPTraceExporter(options), observer, (spans: ReadableSpan[]) => spans.length);
    return {
      processor: new BatchSpanProcessor({ exporter, ...settings, selfObsMeterProvider: droppedSpansMeter(observer) }),
      spansUndelivered: () => exporter.spansInFlight(),
    };
  }
  const exporter = observedExporter(await protobufTransport(options), observer, (batch: EncodedSpans) => batch.spans);
  const processor = new EncodingSpanProcessor(exporter, settings, (spans) => observer.dropped(spans));
  return { processor, spansUndelivered: () => processor.spansWaiting() + exporter.spansInFlight() };
}

/**
 * OpenTelemetry's OTLP/HTTP transport (retries, timeouts, compression, headers, TLS: what `exporter-trace-otlp-proto`
 * is made of), sending requests the gateway encoded as their spans ended (EncodingSpanProcessor): OpenTelemetry's
 * serializer, reading every span again at export, was most of what sampling every request cost.
 */
async function protobufTransport(options: ExporterOptions) {
  const [{ convertLegacyHttpOptions, createOtlpHttpExportDelegate }, { ProtobufTraceSerializer }] = await Promise.all([
    import('@opentelemetry/otlp-exporter-base/node-http'),
    import('@opentelemetry/otlp-transformer'),
  ]);
  const serializer = { serializeRequest: (batch: EncodedSpans) => batch.body, deserializeResponse: ProtobufTraceSerializer.deserializeResponse };
  const transport = convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' });
  // The component type exporter-trace-otlp-proto names itself by; no meter provider, so its counts go nowhere.
  const delegate = createOtlpHttpExportDelegate(transport, serializer, 'otlp_http_span_exporter', { name: 'span', countItems: (batch) => batch.spans }, undefined);
  return { export: delegate.export.bind(delegate), shutdown: () => delegate.shutdown(), forceFlush: () => delegate.forceFlush() };
}

function batchSettings({ batch }: Readonly<TracingConfig>): BatchSettings {
  return {
    scheduledDelayMillis: batch.scheduleDelayMs,
    maxQueueSize: batch.maxQueueSize,
    maxExportBatchSize: batch.maxExportBatchSize,
    exportTimeoutMillis: batch.exportTimeoutMs,
  };
}
