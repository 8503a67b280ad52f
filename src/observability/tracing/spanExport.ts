import type { OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../../tracingConfig.ts';
import { EncodingSpanProcessor, type BatchSettings, type EncodedSpans } from './encodingSpanProcessor.ts';
import { observedExporter, type SpanExportObserver } from './observedExporter.ts';
import { OtlpJsonEncoding } from './otlpJsonEncoding.ts';
import { OtlpProtobufEncoding } from './otlpTraceEncoding.ts';
import type { SpanBatchEncoding } from './spanBatchEncoding.ts';

/** How finished spans leave: the provider's processor, and how many of them have not reached the collector yet. */
export interface SpanExport {
  readonly processor: SpanProcessor;
  spansUndelivered(): number;
}

/**
 * Spans are encoded as they end (EncodingSpanProcessor), in OTLP protobuf or JSON, and leave through OpenTelemetry's
 * OTLP/HTTP transport (retries, timeouts, compression, headers, TLS: what its `exporter-trace-otlp-proto` and
 * `exporter-trace-otlp-http` are made of). OpenTelemetry's serializers, reading every span again at export, were most
 * of what sampling every request cost. Options are passed explicitly and win over the variables the transport also
 * reads itself (headers merge by name, as tracingConfig.ts merges them); the certificate ones
 * (`OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE`, `…CLIENT_CERTIFICATE`, `…CLIENT_KEY`) only it reads.
 */
export async function createSpanExport(config: Readonly<TracingConfig>, observer: SpanExportObserver): Promise<SpanExport> {
  const json = config.protocol === 'http/json';
  const exporter = observedExporter(await otlpHttpTransport(config, json), observer, (batch: EncodedSpans) => batch.spans);
  const settings = batchSettings(config);
  const onDropped = (spans: number) => observer.dropped(spans);
  const encoding: SpanBatchEncoding<unknown> = json ? new OtlpJsonEncoding() : new OtlpProtobufEncoding();
  const processor = new EncodingSpanProcessor(encoding, exporter, settings, onDropped);
  return { processor, spansUndelivered: () => processor.spansWaiting() + exporter.spansInFlight() };
}

/** OpenTelemetry's OTLP/HTTP transport sending the requests the processor encoded, as its trace exporters send theirs. */
async function otlpHttpTransport(config: Readonly<TracingConfig>, json: boolean) {
  const [{ convertLegacyHttpOptions, createOtlpHttpExportDelegate }, { JsonTraceSerializer, ProtobufTraceSerializer }] = await Promise.all([
    import('@opentelemetry/otlp-exporter-base/node-http'),
    import('@opentelemetry/otlp-transformer'),
  ]);
  const options: OTLPExporterNodeConfigBase = {
    url: config.tracesUrl,
    headers: { ...config.headers },
    timeoutMillis: config.exportTimeoutMs,
    // The CompressionAlgorithm enum's values are these very strings.
    compression: config.compression as OTLPExporterNodeConfigBase['compression'],
  };
  const serializer = {
    serializeRequest: (batch: EncodedSpans) => batch.body,
    // The collector's answer (partial success), read by OpenTelemetry's own serializer.
    deserializeResponse: json ? JsonTraceSerializer.deserializeResponse : ProtobufTraceSerializer.deserializeResponse,
  };
  const transport = convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' });
  // The component type both OTLP/HTTP trace exporters name themselves by; no meter provider, so its counts go nowhere.
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
