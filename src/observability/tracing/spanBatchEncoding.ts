import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Spans of one resource and instrumentation scope, each written (in the encoding's form) when it ended. */
export interface EncodedGroup<Spans> {
  readonly resource: Resource;
  readonly scope: ReadableSpan['instrumentationScope'];
  readonly spans: Spans;
}

/**
 * How EncodingSpanProcessor writes each span as it ends and gathers a batch into one OTLP export request: protobuf
 * (otlpTraceEncoding.ts) or JSON (otlpJsonEncoding.ts).
 */
export interface SpanBatchEncoding<Spans> {
  /** An empty holder for one group's spans. */
  spans(): Spans;
  /** Adds one span; a span it cannot read throws and leaves `spans` as it was. */
  write(spans: Spans, span: ReadableSpan): void;
  /** The export request of `groups` (in the order their first span ended); throws when a resource or scope cannot be read. */
  request(groups: readonly EncodedGroup<Spans>[]): Uint8Array;
  /** Empties a holder whose spans are in a request. */
  clear(spans: Spans): void;
}

/**
 * Groups by resource, as OpenTelemetry's serializers nest them: resources in the order their first group came, each
 * with its groups (scopes) in order.
 */
export function byResource<Spans>(groups: readonly EncodedGroup<Spans>[]): Array<{ resource: Resource; groups: EncodedGroup<Spans>[] }> {
  const resources = new Map<Resource, EncodedGroup<Spans>[]>();
  for (const group of groups) {
    const same = resources.get(group.resource);
    if (same === undefined) resources.set(group.resource, [group]);
    else same.push(group);
  }
  return Array.from(resources, ([resource, scoped]) => ({ resource, groups: scoped }));
}

/** OTLP's span flags: the W3C trace flags, and whether the parent (or linked) context came from another process. */
export function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}
