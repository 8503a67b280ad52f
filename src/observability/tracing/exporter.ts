import type { TracingConfig } from '../../tracingConfig.ts';
import { observedExporter, type ObservedExporter, type SpanExportObserver } from './observedExporter.ts';

type ExporterOptions = NonNullable<ConstructorParameters<typeof import('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter>[0]>;

/**
 * Only the chosen encoding's exporter is loaded. Options are passed explicitly and win over the variables the exporter
 * also reads itself (headers merge by name, as tracingConfig.ts merges them); the certificate ones
 * (`OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE`, `…CLIENT_CERTIFICATE`, `…CLIENT_KEY`) only it reads.
 */
export async function createExporter(config: Readonly<TracingConfig>, observer: SpanExportObserver): Promise<ObservedExporter> {
  const options = {
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
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return observedExporter(new OTLPTraceExporter(options), observer);
}
