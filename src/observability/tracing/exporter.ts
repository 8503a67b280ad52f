import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../../tracingConfig.ts';
import { observedExporter, type ObservedExporter, type SpanExportObserver } from './observedExporter.ts';

type ExporterOptions = NonNullable<ConstructorParameters<typeof import('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter>[0]>;

/**
 * Only the chosen encoding's exporter is loaded. Options are passed explicitly and win over the variables the exporter
 * also reads itself (headers merge by name, as tracingConfig.ts merges them); the certificate ones
 * (`OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE`, `…CLIENT_CERTIFICATE`, `…CLIENT_KEY`) only it reads.
 */
export async function createExporter(config: Readonly<TracingConfig>, observer: SpanExportObserver): Promise<ObservedExporter> {
  const options: ExporterOptions = {
    url: config.tracesUrl,
    headers: { ...config.headers },
    timeoutMillis: config.exportTimeoutMs,
    // The exporters' CompressionAlgorithm enum lives in a nested package; its values are these very strings.
    compression: config.compression as ExporterOptions['compression'],
  };
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return observedExporter(new OTLPTraceExporter(options), observer);
  }
  return observedExporter(await protobufExporter(options), observer);
}

/**
 * OpenTelemetry's OTLP/HTTP transport (retries, timeouts, compression, headers, TLS: what `exporter-trace-otlp-proto`
 * is made of) with the gateway's protobuf encoder in place of its serializer, which writes the same bytes at about a
 * third of the CPU (otlpTraceEncoding.ts).
 */
async function protobufExporter(options: ExporterOptions) {
  const [{ OTLPExporterBase }, { convertLegacyHttpOptions, createOtlpHttpExportDelegate }, { ProtobufTraceSerializer, TraceExporterMetricsHelper }, { encodeTraceExport }] =
    await Promise.all([
      import('@opentelemetry/otlp-exporter-base'),
      import('@opentelemetry/otlp-exporter-base/node-http'),
      import('@opentelemetry/otlp-transformer'),
      import('./otlpTraceEncoding.ts'),
    ]);
  const serializer = { serializeRequest: encodeTraceExport, deserializeResponse: ProtobufTraceSerializer.deserializeResponse };
  const transport = convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' });
  // The component type is the one exporter-trace-otlp-proto names itself by; no meter provider: nothing is measured.
  return new OTLPExporterBase<ReadableSpan[]>(createOtlpHttpExportDelegate(transport, serializer, 'otlp_http_span_exporter', TraceExporterMetricsHelper, undefined));
}
