import { ExportResultCode, type ExportResult } from '@opentelemetry/core';

/** What becomes of finished spans once they leave the request: the operator's only sign of a collector in trouble. */
export interface SpanExportObserver {
  delivered(spans: number): void;
  /** `reason`: the collector's HTTP status (`http 401`), a network error code (`ECONNREFUSED`), `timeout`, `retries exhausted`. */
  failed(spans: number, reason: string): void;
  /** Spans the batch processor had no room for while the collector was slow or away. */
  dropped(spans: number): void;
}

/** An exporter of batches of spans (here, export requests the span processor encoded). */
export interface BatchExporter<Batch> {
  export(batch: Batch, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export interface ObservedExporter<Batch> extends BatchExporter<Batch> {
  /** Spans handed to the exporter whose export has not ended yet. */
  spansInFlight(): number;
}

/** Reports each export's outcome and passes the batch and the result through untouched. */
export function observedExporter<Batch>(exporter: BatchExporter<Batch>, observer: SpanExportObserver, spansIn: (batch: Batch) => number): ObservedExporter<Batch> {
  let inFlight = 0;
  return {
    spansInFlight: () => inFlight,
    export(batch, done) {
      const spans = spansIn(batch);
      inFlight += spans;
      const ended = (result: ExportResult) => {
        inFlight -= spans;
        if (result.code === ExportResultCode.SUCCESS) observer.delivered(spans);
        else observer.failed(spans, failureReason(result.error));
        done(result);
      };
      try {
        exporter.export(batch, ended);
      } catch (error) {
        ended({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error('export threw') });
      }
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * A short, fixed vocabulary: never the error's message, which may carry the collector's response body or the URL.
 * The OTLP exporters fail with an HTTP status as a numeric `code`, Node's network errors with a string one.
 */
function failureReason(error: ExportResult['error']): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return `http ${code}`;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  if (error === undefined) return 'error';
  if (/timed? ?out/i.test(error.message)) return 'timeout';
  // 429, 502, 503 or 504 on every attempt: the exporter keeps no status once it has retried.
  if (/retryable status/.test(error.message)) return 'retries exhausted';
  return 'error';
}
