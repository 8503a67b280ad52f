import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../../tracingConfig.ts';
import { observedExporter, type SpanExportObserver } from './observedExporter.ts';

type ExporterOptions = NonNullable<ConstructorParameters<typeof import('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter>[0]>;

/** Only the chosen encoding's exporter is loaded. Options are passed explicitly: config.ts alone reads OTEL_*. */
export async function createExporter(config: Readonly<TracingConfig>, observer: SpanExportObserver): Promise<SpanExporter> {
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

const DROPPED = /^Dropped (\d+) spans because maxQueueSize reached$/;
const ignore = () => undefined;

/**
 * The batch processor tells of spans it had no room for only through the OpenTelemetry API's diagnostic logger, one
 * per process (the latest gateway started hears them). Every other message is left out: one of them echoes the
 * value of an export header it refuses, which may be an API key.
 */
export function hearDroppedSpans(observer: SpanExportObserver): void {
  const warn = (message: string) => {
    const count = DROPPED.exec(message)?.[1];
    if (count !== undefined) observer.dropped(Number(count));
  };
  diag.setLogger({ warn, error: ignore, info: ignore, debug: ignore, verbose: ignore }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}
