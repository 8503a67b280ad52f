import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { EncodingSpanProcessor } from '../../src/observability/tracing/encodingSpanProcessor.ts';
import { OtlpJsonEncoding } from '../../src/observability/tracing/otlpJsonEncoding.ts';
import { OtlpProtobufEncoding } from '../../src/observability/tracing/otlpTraceEncoding.ts';
import type { SpanBatchEncoding } from '../../src/observability/tracing/spanBatchEncoding.ts';

/** Spans the real SDK recorded, from two providers (two resources) and two tracers each (two scopes). */
function recordedSpans(record: (tracer: Tracer, name: string) => void): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const providers = [
    resourceFromAttributes({ 'service.name': 'payments-graphql-gateway', 'service.instance.id': 'i-1', 'deployment.environment.name': 'prod' }),
    resourceFromAttributes({ 'service.name': 'ünïcode sérvice ✓', 'host.cores': 2 }, { schemaUrl: 'https://opentelemetry.io/schemas/1.28.0' }),
  ].map((resource) => new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  for (const provider of providers) {
    record(provider.getTracer('payments-graphql-gateway'), 'plain');
    record(provider.getTracer('second.scope', '1.2.3', { schemaUrl: 'https://example.test/schema' }), 'versioned');
  }
  return exporter.getFinishedSpans();
}

/** The export requests the gateway's processor makes of these spans, ended in this order, in batches of `batchSize`. */
function encoded<Spans>(encoding: SpanBatchEncoding<Spans>, spans: readonly ReadableSpan[], batchSize = 100_000): { bodies: Buffer[]; dropped: () => number } {
  const bodies: Buffer[] = [];
  let dropped = 0;
  const exporter = {
    export(batch: { body: Uint8Array }, done: (result: { code: number }) => void) {
      bodies.push(Buffer.from(batch.body.buffer, batch.body.byteOffset, batch.body.length));
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const settings = { maxQueueSize: 1_000_000, maxExportBatchSize: batchSize, scheduledDelayMillis: 60_000, exportTimeoutMillis: 1000 };
  const processor = new EncodingSpanProcessor(encoding, exporter, settings, (spans) => (dropped += spans));
  for (const span of spans) processor.onEnd(span);
  void processor.forceFlush();
  return { bodies, dropped: () => dropped };
}

/** Each encoding, with OpenTelemetry's own serializer of it, whose bytes it must write. */
const ENCODINGS = [
  { name: 'protobuf', encoding: (): SpanBatchEncoding<unknown> => new OtlpProtobufEncoding(), library: ProtobufTraceSerializer },
  { name: 'JSON', encoding: (): SpanBatchEncoding<unknown> => new OtlpJsonEncoding(), library: JsonTraceSerializer },
];

const LONG_ASCII = 'x'.repeat(300);
const attributeKinds: Attributes = {
  empty: '',
  ascii: 'POST /graphql',
  'exactly.42.units': 'a'.repeat(42),
  'just.over': 'b'.repeat(43),
  long: LONG_ASCII,
  huge: 'h'.repeat(20_000),
  accents: 'paiement refusé',
  'many.multibyte': '€'.repeat(42),
  'one.more.multibyte': '€'.repeat(43),
  'long.multibyte': 'ü'.repeat(100),
  emoji: 'ok 👍',
  lone: 'half \ud83d surrogate',
  true: true,
  false: false,
  zero: 0,
  small: 7,
  negative: -1,
  'negative.large': -(2 ** 40),
  'u32.max': 0xffffffff,
  'past.u32': 2 ** 32 + 5,
  'safe.max': Number.MAX_SAFE_INTEGER,
  'int64.min': -(2 ** 63),
  'past.int64': 2 ** 63,
  double: 12.34,
  'negative.double': -0.5,
  nan: Number.NaN,
  infinity: Number.POSITIVE_INFINITY,
  strings: ['a', 'é', LONG_ASCII],
  'strings.with.holes': ['a', null, undefined, 'b'],
  // eslint-disable-next-line no-sparse-arrays -- a real hole: the SDK copies arrays with map, which keeps them.
  sparse: ['a', , 'b'],
  numbers: [1, -2, 3.5, 2 ** 50],
  booleans: [true, false],
  'empty.array': [],
};

function everyShape(tracer: Tracer, name: string): void {
  // A caller's context: a remote parent with a trace state.
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=opaque,other=1'),
  });
  const server = tracer.startSpan(`${name} server`, { kind: SpanKind.SERVER, attributes: attributeKinds }, remote);
  const inServer = trace.setSpan(remote, server);
  for (const kind of [SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    const child = tracer.startSpan(`${name} child ${kind}`, { kind, links: [{ context: server.spanContext(), attributes: { why: 'retry of', n: 2 } }, { context: server.spanContext() }] }, inServer);
    child.addEvent('no attributes');
    child.addEvent('exception', { 'exception.type': 'GatewayError', 'exception.message': 'x'.repeat(200) });
    child.setStatus(kind === SpanKind.CLIENT ? { code: SpanStatusCode.ERROR, message: 'upstream answered 502' } : { code: SpanStatusCode.OK });
    child.end();
  }
  // A local root without attributes or a status, named in non-ASCII.
  context.with(ROOT_CONTEXT, () => tracer.startSpan(`${name} racine — été`).end());
  // Times a caller may give: before 1970, in milliseconds with a fraction; a caller's link whose ids are not hex.
  tracer.startSpan(`${name} long ago`, { startTime: new Date(-1500) }, inServer).end(new Date(-1));
  tracer.startSpan(`${name} fractional`, { startTime: 1_765_000_000_123.456 }, inServer).end(1_765_000_000_124.5);
  const notHex = { traceId: 'zz'.repeat(16), spanId: 'gé'.repeat(4), traceFlags: TraceFlags.SAMPLED };
  tracer.startSpan(`${name} odd link`, { links: [{ context: notHex }] }, inServer).end();
  server.end();
}

describe.each(ENCODINGS)('OTLP $name encoding', ({ encoding, library: serializer }) => {
  const library = (spans: readonly ReadableSpan[]) => Buffer.from(serializer.serializeRequest(spans as ReadableSpan[])!);

  it('writes exactly the bytes OpenTelemetry’s own serializer writes, for every kind of span, attribute and grouping', () => {
    const spans = recordedSpans(everyShape);
    expect(spans.length).toBe(36);
    const { bodies } = encoded(encoding(), spans);
    expect(bodies).toHaveLength(1);
    // Past the protobuf writer's first 64 KiB buffer.
    expect(bodies[0]!.length).toBeGreaterThan(65_536);
    expect(bodies[0]!.equals(library(spans))).toBe(true);
  });

  it('keeps each export intact while the next ones are written, batch by batch', () => {
    const spans = recordedSpans(everyShape);
    const many = Array.from({ length: 20 }, () => spans).flat();
    const { bodies } = encoded(encoding(), many, 100);
    expect(bodies.map((body) => body.length).reduce((sum, length) => sum + length)).toBeGreaterThan(1_500_000);
    expect(bodies).toHaveLength(Math.ceil(many.length / 100));
    bodies.forEach((body, i) => expect(body.equals(library(many.slice(i * 100, (i + 1) * 100)))).toBe(true));
  });

  it('drops a span it cannot read alone, and tells of it: the rest of its batch is exported whole', async () => {
    const spans = recordedSpans(everyShape);
    const broken = { ...spans[1]!, spanContext: spans[1]!.spanContext, links: [{ context: undefined }] } as unknown as ReadableSpan;
    const result = encoded(encoding(), [spans[0]!, broken, spans[2]!, spans[3]!]);
    expect(result.bodies[0]!.equals(library([spans[0]!, spans[2]!, spans[3]!]))).toBe(true);
    // Drops are summed and told on the next loop turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.dropped()).toBe(1);
  });
});
