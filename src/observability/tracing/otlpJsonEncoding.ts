import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { byResource, spanFlags, type EncodedGroup, type SpanBatchEncoding } from './spanBatchEncoding.ts';

type Scope = ReadableSpan['instrumentationScope'] & { attributes?: Attributes; droppedAttributesCount?: number };
type Link = ReadableSpan['links'][number];

/**
 * OTLP JSON (`http/json`), each span written as text the moment it ends: byte for byte what
 * `@opentelemetry/otlp-transformer`'s JsonTraceSerializer writes for the same spans (test/tracing/otlpEncoding.test.ts
 * compares them), without keeping the spans until their batch leaves. Values go through JSON.stringify, so escapes
 * and numbers (NaN as null, 1e+21) are the serializer's own.
 */
export class OtlpJsonEncoding implements SpanBatchEncoding<Buffer[]> {
  spans(): Buffer[] {
    return [];
  }

  /** As UTF-8 at once: a span's text is a rope of its parts, which would hold on to them until the export. */
  write(spans: Buffer[], span: ReadableSpan): void {
    spans.push(Buffer.from(spanJson(span), 'utf8'));
  }

  request(groups: readonly EncodedGroup<Buffer[]>[]): Uint8Array {
    const parts: Buffer[] = [];
    let text = '{"resourceSpans":[';
    for (const [index, { resource, groups: scoped }] of byResource(groups).entries()) {
      const schemaUrl = resource.schemaUrl ? prop('schemaUrl', resource.schemaUrl) : '';
      if (index > 0) text += ',';
      text += `{"resource":{"attributes":${attributesJson(resource.attributes)},"droppedAttributesCount":0${schemaUrl}},"scopeSpans":[`;
      for (const [scopeIndex, group] of scoped.entries()) {
        if (scopeIndex > 0) text += ',';
        text += `{"scope":${scopeJson(group.scope)},"spans":[`;
        group.spans.forEach((span, spanIndex) => {
          parts.push(Buffer.from(spanIndex === 0 ? text : `${text},`, 'utf8'), span);
          text = '';
        });
        text += `]${prop('schemaUrl', group.scope.schemaUrl)}}`;
      }
      text += `]${schemaUrl}}`;
    }
    parts.push(Buffer.from(`${text}]}`, 'utf8'));
    return Buffer.concat(parts);
  }

  clear(spans: Buffer[]): void {
    spans.length = 0;
  }
}

function scopeJson(scope: Scope): string {
  let props = prop('name', scope.name) + prop('version', scope.version);
  if (scope.attributes && Object.keys(scope.attributes).length > 0) {
    props += `,"attributes":${attributesJson(scope.attributes)}` + prop('droppedAttributesCount', scope.droppedAttributesCount ?? 0);
  }
  return object(props);
}

/** One span, as the serializer's `sdkSpanToOtlpSpan` object stringified: its key order, undefined values left out. */
function spanJson(span: ReadableSpan): string {
  const context = span.spanContext();
  const parentSpanId = span.parentSpanContext?.spanId;
  const { status } = span;
  return object(
    prop('traceId', context.traceId) +
      prop('spanId', context.spanId) +
      (parentSpanId ? prop('parentSpanId', parentSpanId) : '') +
      prop('traceState', context.traceState?.serialize()) +
      prop('name', span.name) +
      prop('kind', span.kind == null ? 0 : span.kind + 1) +
      `,"startTimeUnixNano":"${nanos(span.startTime)}","endTimeUnixNano":"${nanos(span.endTime)}"` +
      `,"attributes":${attributesJson(span.attributes)}` +
      prop('droppedAttributesCount', span.droppedAttributesCount) +
      `,"events":${listJson(span.events, eventJson)}` +
      prop('droppedEventsCount', span.droppedEventsCount) +
      `,"status":${object(prop('code', status.code) + prop('message', status.message))}` +
      `,"links":${listJson(span.links, linkJson)}` +
      prop('droppedLinksCount', span.droppedLinksCount) +
      prop('flags', spanFlags(context.traceFlags, span.parentSpanContext?.isRemote)),
  );
}

function eventJson(event: TimedEvent): string {
  const attributes = event.attributes ? attributesJson(event.attributes) : '[]';
  return object(`,"attributes":${attributes}` + prop('name', event.name) + `,"timeUnixNano":"${nanos(event.time)}"` + prop('droppedAttributesCount', event.droppedAttributesCount || 0));
}

function linkJson(link: Link): string {
  const attributes = link.attributes ? attributesJson(link.attributes) : '[]';
  const { context } = link;
  return object(
    `,"attributes":${attributes}` +
      prop('spanId', context.spanId) +
      prop('traceId', context.traceId) +
      prop('traceState', context.traceState?.serialize()) +
      prop('droppedAttributesCount', link.droppedAttributesCount || 0) +
      prop('flags', spanFlags(context.traceFlags, context.isRemote)),
  );
}

/** A list the serializer maps (a hole stays one, and JSON.stringify writes it as null). */
function listJson<T>(items: readonly T[], write: (item: T) => string): string {
  const written: string[] = [];
  for (let i = 0; i < items.length; i++) written.push(i in items ? write(items[i]!) : 'null');
  return `[${written.join(',')}]`;
}

/** `,"key":value` as JSON.stringify writes an object's property; nothing for a value it leaves out (undefined). */
function prop(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? '' : `,"${key}":${json}`;
}

/** An object of properties written by {@link prop} (each with its leading comma). */
function object(props: string): string {
  return `{${props.slice(1)}}`;
}


function attributesJson(attributes: Attributes | Record<string, unknown>): string {
  let text = '[';
  let first = true;
  for (const key of Object.keys(attributes)) {
    text += `${first ? '' : ','}{"key":${JSON.stringify(key)},"value":${anyValueJson(attributes[key] as AttributeValue)}}`;
    first = false;
  }
  return `${text}]`;
}

function anyValueJson(value: AttributeValue | Uint8Array | object | null | undefined): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'number':
      return Number.isInteger(value) ? `{"intValue":${JSON.stringify(value)}}` : `{"doubleValue":${JSON.stringify(value)}}`;
    case 'boolean':
      return `{"boolValue":${value}}`;
  }
  if (value instanceof Uint8Array) return `{"bytesValue":"${Buffer.from(value).toString('base64')}"}`;
  // Array.from, not map: a hole is a value of no kind (`{}`), as the serializer's index loop reads it.
  if (Array.isArray(value)) return `{"arrayValue":{"values":[${Array.from(value as unknown[], (item) => anyValueJson(item as AttributeValue)).join(',')}]}}`;
  if (typeof value === 'object' && value !== null) {
    const entries = value as Record<string, unknown>;
    const values = Object.keys(entries).map((key) => `{"key":${JSON.stringify(key)},"value":${anyValueJson(entries[key] as AttributeValue)}}`);
    return `{"kvlistValue":{"values":[${values.join(',')}]}}`;
  }
  return '{}';
}

/**
 * An `HrTime` as a decimal count of nanoseconds, as the serializer writes it (truncated parts, summed as BigInt). A
 * usual time (whole seconds since 1970, nanoseconds below a second) is its two parts side by side, without BigInt.
 */
function nanos([seconds, nanoseconds]: HrTime): string {
  if (Number.isSafeInteger(seconds) && seconds > 0 && Number.isInteger(nanoseconds) && nanoseconds >= 0 && nanoseconds < 1e9) {
    return `${seconds}${String(nanoseconds).padStart(9, '0')}`;
  }
  return (BigInt(Math.trunc(seconds)) * 1_000_000_000n + BigInt(Math.trunc(nanoseconds))).toString();
}
