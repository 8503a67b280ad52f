import { TraceFlags } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it, vi } from 'vitest';
import { EncodingSpanProcessor, type BatchSettings, type EncodedSpans } from '../../src/observability/tracing/encodingSpanProcessor.ts';
import { OtlpProtobufEncoding } from '../../src/observability/tracing/otlpTraceEncoding.ts';
import { until } from '../helpers/until.ts';

/** Spans the real SDK recorded; unsampled ones as a processor would see them were they handed on (flags 00). */
function spans(count: number, sampled = true): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer('t');
  for (let i = 0; i < count; i++) tracer.startSpan(`span ${i}`).end();
  const recorded = memory.getFinishedSpans();
  if (sampled) return recorded;
  return recorded.map((span) => ({ ...span, spanContext: () => ({ ...span.spanContext(), traceFlags: TraceFlags.NONE }) }));
}

/** A collector the test answers by hand: exports wait until `answer` is called. */
function heldExporter() {
  const sent: Array<{ batch: EncodedSpans; done: (result: ExportResult) => void }> = [];
  let shutDown = false;
  return {
    sent,
    shutDown: () => shutDown,
    answer: (i: number) => sent[i]!.done({ code: 0 }),
    exporter: {
      export: (batch: EncodedSpans, done: (result: ExportResult) => void) => void sent.push({ batch, done }),
      shutdown: async () => void (shutDown = true),
    },
  };
}

const settings = (overrides: Partial<BatchSettings>): BatchSettings => ({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 60_000,
  exportTimeoutMillis: 30_000,
  ...overrides,
});

describe('the span processor that encodes as spans end', () => {
  it('sends a full batch at once and a partial one after the delay', async () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 3, scheduledDelayMillis: 100 }), () => undefined);
    for (const span of spans(4)) processor.onEnd(span);
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([3]);
    held.answer(0);
    const started = performance.now();
    await until(() => held.sent.length === 2, 'the partial batch after the delay');
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    expect(held.sent[1]!.batch.spans).toBe(1);
  });

  it('exports one batch at a time; beyond the queue size spans are dropped and told, summed', async () => {
    const held = heldExporter();
    let dropped = 0;
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxQueueSize: 4, maxExportBatchSize: 2 }), (count) => (dropped += count));
    // Two leave (in flight, no longer queued), four wait, three find no room.
    for (const span of spans(9)) processor.onEnd(span);
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2]);
    expect(processor.spansWaiting()).toBe(4);
    await turn();
    expect(dropped).toBe(3);
    held.answer(0);
    await turn();
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2, 2]);
    held.answer(1);
    await turn();
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2, 2, 2]);
    expect(processor.spansWaiting()).toBe(0);
  });

  it('gathers the spans that end while an export is out and sends them together after it, not a batch per delay', async () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 100, scheduledDelayMillis: 20 }), () => undefined);
    const [first, ...rest] = spans(6);
    processor.onEnd(first!);
    await until(() => held.sent.length === 1, 'the first span after the delay');
    // A slow collector: a span ends every delay and a half while its answer is awaited.
    for (const span of rest) {
      processor.onEnd(span);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(held.sent).toHaveLength(1);
    expect(processor.spansWaiting()).toBe(5);
    held.answer(0);
    await until(() => held.sent.length === 2, 'the gathered spans after the delay');
    expect(held.sent[1]!.batch.spans).toBe(5);
  });

  it('holds no more memory for a small batch than its bytes', () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 1 }), () => undefined);
    for (const span of spans(3)) processor.onEnd(span);
    void processor.forceFlush();
    expect(held.sent).toHaveLength(3);
    for (const { batch } of held.sent) expect(batch.body.buffer.byteLength).toBe(batch.body.byteLength);
  });

  it('a flush sends every waiting batch at once, even behind an export that hangs, and does not wait for later spans', async () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 2 }), () => undefined);
    const all = spans(8);
    for (const span of all.slice(0, 5)) processor.onEnd(span);
    // One export out (hanging), one batch ready, one span filling.
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2]);
    let flushed = false;
    const flush = processor.forceFlush().then(() => (flushed = true));
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2, 2, 1]);
    held.answer(1);
    held.answer(2);
    // Spans that end after the flush began are not waited for.
    for (const span of all.slice(5)) processor.onEnd(span);
    await turn();
    expect(flushed).toBe(false);
    held.answer(0);
    await flush;
    expect(flushed).toBe(true);
  });

  it('ignores spans that are not sampled', () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 1 }), () => undefined);
    for (const span of spans(3, false)) processor.onEnd(span);
    expect(held.sent).toHaveLength(0);
    expect(processor.spansWaiting()).toBe(0);
  });

  it('at shutdown sends what waits, waits for it, shuts the exporter down and takes no more spans', async () => {
    const held = heldExporter();
    const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 2 }), () => undefined);
    const [first, second, third, late] = spans(4);
    for (const span of [first!, second!, third!]) processor.onEnd(span);
    let finished = false;
    const shutdown = processor.shutdown().then(() => (finished = true));
    processor.onEnd(late!);
    held.answer(0);
    await turn();
    expect(finished).toBe(false);
    expect(held.sent.map(({ batch }) => batch.spans)).toEqual([2, 1]);
    held.answer(1);
    await shutdown;
    expect(held.shutDown()).toBe(true);
    expect(processor.spansWaiting()).toBe(0);
  });

  it('gives up waiting for an export that never answers, and sends the next; a late answer starts nothing', async () => {
    // The clock is the test's: a busy machine cannot let two give-ups pass between two checks.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const held = heldExporter();
      const processor = new EncodingSpanProcessor(new OtlpProtobufEncoding(), held.exporter, settings({ maxExportBatchSize: 1, exportTimeoutMillis: 50 }), () => undefined);
      for (const span of spans(3)) processor.onEnd(span);
      expect(held.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(49);
      expect(held.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(held.sent).toHaveLength(2);
      // The first answers late, while the second is out: still one export at a time.
      held.answer(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(held.sent).toHaveLength(2);
      held.answer(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(held.sent).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** Lets promise callbacks and immediates run. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
