import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { SpanExportObserver } from './observedExporter.ts';

/** A collector that is down fails every batch: its warnings are folded into one a minute. */
export const WARN_EVERY_MS = 60_000;

export interface SpanExportReport extends SpanExportObserver {
  /** Warns at once of any loss not yet told, and hears nothing more: called once, at shutdown. */
  close(): void;
}

/**
 * Counts every span's outcome (`gateway_trace_spans_total`) and tells the operator in the log when spans stop
 * reaching the collector (a wrong API key, a collector down or too slow, a queue too small for the rate): at once,
 * then at most once a minute, and every loss within a minute. A recovery is told once per outage warned of.
 */
export function createSpanExportReport(logger: Logger, metrics: GatewayMetrics): SpanExportReport {
  let closed = false;
  /** Exports have failed since the last delivered one. */
  let outage = false;
  /** The current outage has been warned of. */
  let announced = false;
  let lastWarnAt = Number.NEGATIVE_INFINITY;
  let unreported = nothingLost();
  let pendingWarning: NodeJS.Timeout | undefined;

  const warn = () => {
    clearTimeout(pendingWarning);
    pendingWarning = undefined;
    if (unreported.failedSpans + unreported.droppedSpans === 0) return;
    // collectorFailing: a warning folded from a minute may come after the collector has recovered.
    logger.warn({ ...unreported, collectorFailing: outage }, 'spans not delivered to the OTLP collector; tracing goes on, the gateway is unaffected');
    lastWarnAt = performance.now();
    unreported = nothingLost();
    if (outage) announced = true;
  };
  const lost = () => {
    // A monotonic clock: a wall clock set back would hold the next warning for as long.
    const wait = lastWarnAt + WARN_EVERY_MS - performance.now();
    if (wait <= 0) warn();
    else pendingWarning ??= setTimeout(warn, wait).unref();
  };

  return {
    delivered(spans) {
      if (closed) return;
      metrics.traceSpans.inc({ outcome: 'delivered' }, spans);
      if (!outage) return;
      outage = false;
      if (announced) logger.info('spans reach the OTLP collector again');
      announced = false;
    },
    failed(spans, reason) {
      if (closed) return;
      metrics.traceSpans.inc({ outcome: 'failed' }, spans);
      unreported.failedSpans += spans;
      unreported.failedByReason[reason] = (unreported.failedByReason[reason] ?? 0) + spans;
      outage = true;
      lost();
    },
    dropped(spans) {
      if (closed) return;
      metrics.traceSpans.inc({ outcome: 'dropped' }, spans);
      unreported.droppedSpans += spans;
      lost();
    },
    close() {
      warn();
      closed = true;
    },
  };
}

/** Spans lost since the last warning; failures by their reason (a short, fixed vocabulary: see failureReason). */
function nothingLost(): { failedSpans: number; failedByReason: Record<string, number>; droppedSpans: number } {
  return { failedSpans: 0, failedByReason: {}, droppedSpans: 0 };
}
