import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { writeSpan, writeTraceExportRequest, type EncodedScopeSpans } from './otlpTraceEncoding.ts';
import { ProtobufWriter } from './protobufWriter.ts';

/** An OTLP protobuf export request, and how many spans it holds. */
export interface EncodedSpans {
  readonly body: Uint8Array;
  readonly spans: number;
}

export interface EncodedSpansExporter {
  export(batch: EncodedSpans, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/** The batch processor's settings (`OTEL_BSP_*`), as OpenTelemetry's BatchSpanProcessor reads them. */
export interface BatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

type Group = EncodedScopeSpans & { count: number };

/**
 * OpenTelemetry's BatchSpanProcessor, but each sampled span is encoded (OTLP protobuf) the moment it ends, not kept
 * as an object until its batch leaves: read while still in the CPU's cache, and garbage young instead of surviving
 * collections for the export delay. The same rules otherwise: at most `maxQueueSize` spans wait (the rest are
 * dropped and told to `onDropped`), a full batch of `maxExportBatchSize` leaves at once, a partial one after
 * `scheduledDelayMillis`, one export at a time, given up waiting for after `exportTimeoutMillis`.
 */
export class EncodingSpanProcessor implements SpanProcessor {
  private readonly groups = new Map<object, Map<object, Group>>();
  /** Groups holding spans of the batch being filled, in the order their first span came. */
  private filling: Group[] = [];
  private fillingSpans = 0;
  private readonly ready: EncodedSpans[] = [];
  private readonly body = new ProtobufWriter();
  private waitingSpans = 0;
  private exporting = false;
  private timer: NodeJS.Timeout | undefined;
  private flushed: Array<() => void> = [];
  private shutDown: Promise<void> | undefined;
  private dropped = 0;

  constructor(
    private readonly exporter: EncodedSpansExporter,
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
    if (this.waitingSpans >= this.settings.maxQueueSize) return this.drop();
    const group = this.groupOf(span);
    const before = group.spans.length;
    try {
      writeSpan(group.spans, span);
    } catch {
      // A span the encoder cannot read (a caller's odd link) is lost alone, not with its batch.
      group.spans.restart(before);
      return this.drop();
    }
    if (group.count++ === 0) this.filling.push(group);
    this.waitingSpans++;
    if (++this.fillingSpans >= this.settings.maxExportBatchSize) this.seal();
    else this.timer ??= setTimeout(() => this.seal(), this.settings.scheduledDelayMillis).unref();
  }

  /** Resolves once every span ended so far has been exported (or its export given up). */
  forceFlush(): Promise<void> {
    this.seal();
    if (!this.exporting) return Promise.resolve();
    return new Promise((resolve) => this.flushed.push(resolve));
  }

  shutdown(): Promise<void> {
    this.shutDown ??= this.forceFlush().then(() => this.exporter.shutdown());
    return this.shutDown;
  }

  /** Drops come when the gateway is busiest: they are summed and told once a loop turn. */
  private drop(): void {
    if (this.dropped++ === 0) {
      setImmediate(() => {
        this.onDropped(this.dropped);
        this.dropped = 0;
      });
    }
  }

  private groupOf(span: ReadableSpan): Group {
    let scopes = this.groups.get(span.resource);
    if (scopes === undefined) this.groups.set(span.resource, (scopes = new Map()));
    let group = scopes.get(span.instrumentationScope);
    if (group === undefined) {
      group = { resource: span.resource, scope: span.instrumentationScope, spans: new ProtobufWriter(), count: 0 };
      scopes.set(span.instrumentationScope, group);
    }
    return group;
  }

  /** Closes the batch being filled into one export request, and exports it if nothing else is leaving. */
  private seal(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fillingSpans > 0) {
      writeTraceExportRequest(this.body, this.filling);
      for (const group of this.filling) {
        group.spans.restart();
        group.count = 0;
      }
      this.ready.push({ body: this.body.take(), spans: this.fillingSpans });
      this.filling = [];
      this.fillingSpans = 0;
    }
    this.exportNext();
  }

  private exportNext(): void {
    if (this.exporting) return;
    const batch = this.ready.shift();
    if (batch === undefined) {
      for (const resolve of this.flushed.splice(0)) resolve();
      return;
    }
    this.exporting = true;
    this.waitingSpans -= batch.spans;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      this.exporting = false;
      this.exportNext();
    };
    // The transport has its own timeout; this one keeps the queue moving should an export never answer.
    const giveUp = setTimeout(settle, this.settings.exportTimeoutMillis).unref();
    try {
      this.exporter.export(batch, settle);
    } catch {
      settle();
    }
  }
}
