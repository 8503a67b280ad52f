import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { SpanExportObserver } from './observedExporter.ts';

/** A collector that is down fails every batch: its warnings are folded into one a minute. */
const WARN_EVERY_MS = 60_000;

export interface SpanExportReport extends SpanExportObserver {
  /** Warns of spans lost since the last warning, however recent it was: called once, at shutdown. */
  close(): void;
}

/**
 * Counts every span's outcome (`gateway_trace_spans_total`) and tells the operator in the log when spans stop
 * reaching the collector (a wrong API key, a collector down or too slow) and when they reach it again.
 */
export function createSpanExportReport(logger: Logger, metrics: GatewayMetrics, now: () => number = Date.now): SpanExportReport {
  let failing = false;
  let lastWarnAt = Number.NEGATIVE_INFINITY;
  let lastReason: string | undefined;
  let unreported = { failedSpans: 0, droppedSpans: 0 };

  const warn = () => {
    logger.warn({ reason: lastReason, ...unreported }, 'spans not delivered to the OTLP collector; tracing goes on, the gateway is unaffected');
    lastWarnAt = now();
    unreported = { failedSpans: 0, droppedSpans: 0 };
  };
  const lost = () => {
    failing = true;
    if (now() - lastWarnAt >= WARN_EVERY_MS) warn();
  };

  return {
    delivered(spans) {
      metrics.traceSpans.inc({ outcome: 'delivered' }, spans);
      if (!failing) return;
      failing = false;
      lastReason = undefined;
      logger.info({ lostSinceLastWarning: unreported }, 'spans reach the OTLP collector again');
      unreported = { failedSpans: 0, droppedSpans: 0 };
    },
    failed(spans, reason) {
      metrics.traceSpans.inc({ outcome: 'failed' }, spans);
      unreported.failedSpans += spans;
      lastReason = reason;
      lost();
    },
    dropped(spans) {
      metrics.traceSpans.inc({ outcome: 'dropped' }, spans);
      unreported.droppedSpans += spans;
      lastReason ??= 'queue full';
      lost();
    },
    close() {
      if (unreported.failedSpans + unreported.droppedSpans > 0) warn();
    },
  };
}
