import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BatchExporter } from './observedExporter.ts';
import type { EncodedGroup, SpanBatchEncoding } from './spanBatchEncoding.ts';

/** An OTLP export request (protobuf or JSON), and how many spans it holds. */
export interface EncodedSpans {
  readonly body: Uint8Array;
  readonly spans: number;
}

/** The batch processor's settings (`OTEL_BSP_*`), as OpenTelemetry's BatchSpanProcessor reads them. */
export interface BatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

type Group<Spans> = EncodedGroup<Spans> & { count: number };

/**
 * OpenTelemetry's BatchSpanProcessor, but each sampled span is encoded (OTLP protobuf or JSON) the moment it ends, not kept
 * as an object until its batch leaves: read while still in the CPU's cache, and garbage young instead of surviving
 * collections for the export delay. BatchSpanProcessor's rules otherwise: at most `maxQueueSize` spans wait (the rest
 * are dropped and told to `onDropped`), a full batch of `maxExportBatchSize` leaves at once, a partial one
 * `scheduledDelayMillis` after its first span, but not while another export is out (spans gather meanwhile and leave
 * together after it), one export at a time, given up waiting for after `exportTimeoutMillis`; a flush sends every
 * waiting batch at once.
 */
export class EncodingSpanProcessor<Spans> implements SpanProcessor {
  private readonly groups = new Map<object, Map<object, Group<Spans>>>();
  /** Groups holding spans of the batch being filled, in the order their first span came. */
  private filling: Group<Spans>[] = [];
  private fillingSpans = 0;
  private readonly ready: EncodedSpans[] = [];
  private waitingSpans = 0;
  /** The export the schedule sent, until it is answered or given up on. */
  private exporting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shutDown: Promise<void> | undefined;
  private dropped = 0;

  constructor(
    private readonly encoding: SpanBatchEncoding<Spans>,
    private readonly exporter: BatchExporter<EncodedSpans>,
    private readonly settings: BatchSettings,
    private readonly onDropped: (spans: number) => void,
  ) {}

  /** Spans ended and kept, not yet handed to the exporter. */
  spansWaiting(): number {
    return this.waitingSpans;
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shutDown !== undefined || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.waitingSpans >= this.settings.maxQueueSize) return this.drop(1);
    const group = this.groupOf(span);
    try {
      this.encoding.write(group.spans, span);
    } catch {
      // A span the encoder cannot read (a caller's odd link) is lost alone, not with its batch.
      return this.drop(1);
    }
    if (group.count++ === 0) this.filling.push(group);
    this.waitingSpans++;
    if (++this.fillingSpans >= this.settings.maxExportBatchSize) {
      this.seal();
      this.exportNext();
    } else if (this.exporting === undefined) this.startTimer();
  }

  /** Sends every span ended so far at once, and resolves when those exports (and the one out) are answered or given up on. */
  forceFlush(): Promise<void> {
    this.seal();
    const sent = this.ready.splice(0).map((batch) => this.send(batch));
    return Promise.all([this.exporting, ...sent]).then(() => undefined);
  }

  shutdown(): Promise<void> {
    this.shutDown ??= this.forceFlush().then(() => this.exporter.shutdown());
    return this.shutDown;
  }

  /** Drops come when the gateway is busiest: they are summed and told once a loop turn. */
  private drop(spans: number): void {
    if (this.dropped === 0) {
      setImmediate(() => {
        this.onDropped(this.dropped);
        this.dropped = 0;
      });
    }
    this.dropped += spans;
  }

  private startTimer(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.seal();
      this.exportNext();
    }, this.settings.scheduledDelayMillis).unref();
  }

  private groupOf(span: ReadableSpan): Group<Spans> {
    let scopes = this.groups.get(span.resource);
    if (scopes === undefined) this.groups.set(span.resource, (scopes = new Map()));
    let group = scopes.get(span.instrumentationScope);
    if (group === undefined) {
      group = { resource: span.resource, scope: span.instrumentationScope, spans: this.encoding.spans(), count: 0 };
      scopes.set(span.instrumentationScope, group);
    }
    return group;
  }

  /** Closes the batch being filled into one export request, ready to leave. */
  private seal(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fillingSpans === 0) return;
    const spans = this.fillingSpans;
    try {
      this.ready.push({ body: this.encoding.request(this.filling), spans });
    } catch {
      // A resource or scope the encoder cannot read: its spans are lost, not the next batches.
      this.waitingSpans -= spans;
      this.drop(spans);
    }
    for (const group of this.filling) {
      this.encoding.clear(group.spans);
      group.count = 0;
    }
    this.filling = [];
    this.fillingSpans = 0;
  }

  /** Sends the next ready batch unless an export is out; with none ready, schedules the one being filled. */
  private exportNext(): void {
    if (this.exporting !== undefined) return;
    const batch = this.ready.shift();
    if (batch === undefined) {
      if (this.fillingSpans > 0) this.startTimer();
      return;
    }
    this.exporting = this.send(batch).then(() => {
      this.exporting = undefined;
      this.exportNext();
    });
  }

  /** Resolves when the export is answered, or after `exportTimeoutMillis` (the transport has its own timeout). */
  private send(batch: EncodedSpans): Promise<void> {
    this.waitingSpans -= batch.spans;
    return new Promise((resolve) => {
      const giveUp = setTimeout(resolve, this.settings.exportTimeoutMillis).unref();
      const answered = () => {
        clearTimeout(giveUp);
        resolve();
      };
      try {
        this.exporter.export(batch, answered);
      } catch {
        answered();
      }
    });
  }
}
