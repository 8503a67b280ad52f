import { createNoopMeter, type Meter, type MeterProvider } from '@opentelemetry/api';
import type { SpanExportObserver } from './observedExporter.ts';

/** The self-observability counter of a span processor (OpenTelemetry semantic conventions), and its drop reason. */
const PROCESSED_SPANS = 'otel.sdk.processor.span.processed';
const QUEUE_FULL = 'queue_full';

/**
 * A meter for OpenTelemetry's batch processor's self-observability, which OTLP JSON exports use (an experimental SDK
 * option, so `exportFailures.test.ts` counts drops through it): of all it records, only the spans dropped for a full
 * queue are read, for this gateway alone. It tells of each drop as it happens; they are summed and passed on once a
 * loop turn, as drops come when the gateway is busiest.
 */
export function droppedSpansMeter(observer: SpanExportObserver): MeterProvider {
  // Its own object over the API's one shared noop meter, which must stay untouched for everyone else.
  const meter = Object.create(createNoopMeter()) as Meter;
  const noopCounter = meter.createCounter.bind(meter);
  let dropped = 0;
  const passOn = () => {
    observer.dropped(dropped);
    dropped = 0;
  };
  meter.createCounter = (name, options) => {
    if (name !== PROCESSED_SPANS) return noopCounter(name, options);
    return {
      add(spans, attributes) {
        if (attributes?.['error.type'] !== QUEUE_FULL) return;
        if (dropped === 0) setImmediate(passOn);
        dropped += spans;
      },
    };
  };
  return { getMeter: () => meter };
}
